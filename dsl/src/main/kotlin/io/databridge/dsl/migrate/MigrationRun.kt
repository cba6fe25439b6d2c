package io.databridge.dsl.migrate

import io.databridge.pg.PgConnection

/** What one command works with: the runner's connection, the config, the history table and the resolved migrations. */
internal class MigrationRun(
    val connection: PgConnection,
    val config: MigrationConfig,
    val history: HistoryTable,
    val resolved: List<Migration>,
) {
    /** The history rows, or none when the table does not exist yet (it is not created by reading). */
    suspend fun appliedRows(): List<AppliedMigration> =
        if (history.exists(connection)) history.read(connection) else emptyList()

    /** The merged state of every migration, read now. */
    suspend fun status(): MigrationStatus = MigrationStatus.merge(resolved, appliedRows())

    /** Whether the history table's schema holds anything besides the history table (so it is not a fresh database). */
    suspend fun schemaHasTables(): Boolean =
        connection.query(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
                "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relname <> $2)",
            history.schema, history.table,
        ).rows.single().getBoolean(0)
}
