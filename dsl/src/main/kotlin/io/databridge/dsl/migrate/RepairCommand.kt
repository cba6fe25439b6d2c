package io.databridge.dsl.migrate

/** `repair`: removes failed rows and realigns applied rows with the files as they are now, as Flyway's repair does. */
internal class RepairCommand(private val run: MigrationRun) {
    suspend fun repair(): RepairResult {
        val connection = run.connection
        if (!run.history.exists(connection)) return RepairResult(emptyList(), emptyList())
        val removed = run.history.deleteFailed(connection)
        val realigned = run.status().migrations.filter {
            it.state == MigrationState.APPLIED && (it.checksumChanged || it.description != it.applied!!.description)
        }
        for (info in realigned) {
            val migration = info.migration!!
            run.history.realign(connection, info.applied!!.installedRank, migration.checksum, migration.description)
        }
        return RepairResult(removed, realigned)
    }
}

/** What [Migrator.repair] changed. */
public data class RepairResult(
    /** The failed rows it deleted. */
    val removedFailed: List<AppliedMigration>,
    /** The applied migrations whose checksum or description it set to the file's current one (state before repair). */
    val realigned: List<MigrationInfo>,
)
