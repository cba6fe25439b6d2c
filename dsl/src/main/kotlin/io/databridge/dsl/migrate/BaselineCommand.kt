package io.databridge.dsl.migrate

/** `baseline`: records a version as applied in an empty history, so older migrations never run. */
internal class BaselineCommand(private val run: MigrationRun) {
    suspend fun baseline(version: MigrationVersion): AppliedMigration {
        val connection = run.connection
        run.history.create(connection)
        val rows = run.history.read(connection)
        val existing = rows.singleOrNull()?.takeIf { it.type == MigrationType.BASELINE }
        if (existing != null && existing.version == version) return existing
        if (rows.isNotEmpty()) {
            throw MigrationStateException(
                "cannot baseline ${run.history.name} at version $version: it already has ${rows.size} row(s), the latest " +
                    "${rows.last().script}; baseline adopts a database that has no migration history yet",
            )
        }
        run.history.insert(
            connection,
            NewHistoryRow(version, DESCRIPTION, MigrationType.BASELINE, DESCRIPTION, null, run.config.installedBy, 0, true),
        )
        return run.history.read(connection).single()
    }

    private companion object {
        const val DESCRIPTION = "<< Baseline >>"
    }
}
