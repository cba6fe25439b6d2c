package io.databridge.dsl.migrate

import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.protocol.TransactionStatus
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * The migration runner: `Migrator(url, MigrationConfig(locations = listOf("classpath:db/migration"))).migrate()`.
 *
 * Every command resolves the migrations first (so a bad file fails before anything connects), then works on one
 * connection of its own. Commands that write ([migrate], [baseline], [repair]) take the migration lock on it and
 * read the history only once they hold it, so runners started together apply each migration once and the others then
 * see it applied. The lock is a session lock, which is why the runner needs its own connection, never a pool's, and
 * must reach the server directly rather than through PgBouncer in transaction mode (which would hand the session,
 * and the lock with it, to other clients).
 */
public class Migrator private constructor(
    private val open: suspend () -> PgConnection,
    private val ownsConnection: Boolean,
    /** The settings of this runner. */
    public val config: MigrationConfig,
) {
    /** A runner that opens its own connection with a `postgresql://` URI or `key=value` string for each command. */
    public constructor(url: String, config: MigrationConfig = MigrationConfig()) :
        this({ PgConnection.connect(url) }, true, config)

    /** A runner that opens its own connection as [connection] says, with engine [options], for each command. */
    public constructor(connection: ConnectionConfig, config: MigrationConfig = MigrationConfig(), options: ConnectOptions = ConnectOptions()) :
        this({ PgConnection.connect(connection, options) }, true, config)

    /**
     * A runner on [connection], which the caller owns and closes; nothing else may use it while a command runs, and
     * it must not be inside a transaction.
     */
    public constructor(connection: PgConnection, config: MigrationConfig = MigrationConfig()) :
        this({ connection }, false, config)

    /**
     * Validates, then applies every pending migration in order and the repeatable ones whose content changed.
     * Creates the history table on first run; with [MigrationConfig.baselineOnMigrate] adopts a schema that has
     * tables but no history. Throws [MigrationValidationException] before running anything when validation fails,
     * and [MigrationFailedException] when a migration fails (the run stops there).
     */
    public suspend fun migrate(): MigrateResult = withRun(locked = true) { MigrateCommand(it).migrate() }

    /** Throws [MigrationValidationException] when applied files changed or went missing, or pending ones are out of order. */
    public suspend fun validate(): Unit = withRun(locked = false) { ValidateCommand.check(it.status(), config.outOfOrder) }

    /** The state of every migration: applied, pending, failed, out of order, missing. Does not create the history table. */
    public suspend fun info(): MigrationStatus = withRun(locked = false) { it.status() }

    /**
     * Adopts an existing database: records [version] (by default [MigrationConfig.baselineVersion]) as applied, so
     * migrations up to it never run. Refused with [MigrationStateException] when the history already has migrations.
     */
    public suspend fun baseline(version: String = config.baselineVersion): AppliedMigration =
        withRun(locked = true) { BaselineCommand(it).baseline(MigrationVersion.parse(version)) }

    /**
     * Removes failed history rows (after fixing the database by hand where a non-transactional migration stopped
     * half-way) and realigns the checksums and descriptions of applied migrations with the files as they are now.
     */
    public suspend fun repair(): RepairResult = withRun(locked = true) { RepairCommand(it).repair() }

    /** Validates and returns what [migrate] would run now, without running or creating anything. */
    public suspend fun dryRun(): DryRunPlan = withRun(locked = false) { DryRunCommand(it).plan() }

    override fun toString(): String = "Migrator(locations=${config.locations}, table=${config.table})"

    private suspend fun <T> withRun(locked: Boolean, command: suspend (MigrationRun) -> T): T {
        val resolved = MigrationResolver.resolve(config.sources())
        val connection = open()
        try {
            if (connection.transactionStatus != TransactionStatus.IDLE) {
                throw MigrationStateException("the migration runner's connection must not be inside a transaction")
            }
            val run = MigrationRun(connection, config, HistoryTable(historySchema(connection), config.table), resolved)
            if (!locked) return command(run)
            val lock = MigrationLock(MigrationLock.keyFor(run.history.name))
            lock.acquire(connection, config.lockTimeout, config.lockRetryInterval)
            try {
                return command(run)
            } finally {
                withContext(NonCancellable) {
                    // A release that fails means the connection broke, and its session lock ended with it.
                    if (connection.isOpen) runCatching { lock.release(connection) }
                }
            }
        } finally {
            if (ownsConnection) connection.close()
        }
    }

    private suspend fun historySchema(connection: PgConnection): String =
        config.schema ?: connection.query("SELECT current_schema()").rows.single().getStringOrNull(0)
            ?: throw MigrationStateException(
                "no schema for the history table: no schema of the connection's search_path exists; set MigrationConfig.schema",
            )
}
