package io.databridge.dsl.migrate

/** `migrate`: under the lock, ensure the history table (baselining when asked), validate, apply what is pending. */
internal class MigrateCommand(private val run: MigrationRun) {
    suspend fun migrate(): MigrateResult {
        val connection = run.connection
        val history = run.history
        if (!history.exists(connection)) history.create(connection)
        if (run.config.baselineOnMigrate && history.read(connection).isEmpty() && run.schemaHasTables()) {
            BaselineCommand(run).baseline(MigrationVersion.parse(run.config.baselineVersion))
        }
        val before = run.status()
        ValidateCommand.check(before, run.config.outOfOrder)
        val step = MigrationStep(connection, history, run.config.installedBy)
        val applied = ArrayList<Migration>()
        for (migration in before.toRun(run.config.outOfOrder)) {
            step.apply(migration)
            applied += migration
        }
        return MigrateResult(applied, run.status().currentVersion)
    }
}

/** What [Migrator.migrate] did. */
public data class MigrateResult(
    /** The migrations applied by this run, in the order they ran (empty when another runner had applied them). */
    val applied: List<Migration>,
    /** The highest version applied after the run, or null when none is. */
    val currentVersion: MigrationVersion?,
)
