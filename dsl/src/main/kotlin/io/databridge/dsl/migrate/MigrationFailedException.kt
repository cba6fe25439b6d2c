package io.databridge.dsl.migrate

import io.databridge.pg.errors.PgServerException

/**
 * A migration failed while running; the run stopped there. A transactional migration was rolled back entirely; a
 * non-transactional one may have run some statements. Either way the failure is recorded in the history table and
 * blocks further runs until [Migrator.repair]. [cause] is the server's error (or the Kotlin migration's exception).
 */
public class MigrationFailedException(
    /** The script name (file name) of the failed migration. */
    public val script: String,
    /** Where the migration lives (`classpath:db/migration/V2__add.sql`). */
    public val location: String,
    /** The 1-based line of the failing statement in the file, or null for a Kotlin migration. */
    public val line: Int?,
    /** Whether the migration ran in a transaction (then nothing of it remains). */
    public val rolledBack: Boolean,
    cause: Throwable,
) : MigrationException(describe(location, line, rolledBack, cause), cause) {
    /** The server's SQLSTATE when the server reported the failure, else null. */
    public val sqlState: String? get() = (cause as? PgServerException)?.sqlState?.code

    private companion object {
        fun describe(location: String, line: Int?, rolledBack: Boolean, cause: Throwable): String {
            val where = if (line != null) "$location, line $line" else location
            val outcome = if (rolledBack) "rolled back, nothing of it was applied" else
                "it ran outside a transaction, so statements before the failing one stay applied"
            return "migration $where failed: ${cause.message}\n($outcome; the failure is recorded and blocks " +
                "further migrations until repair())"
        }
    }
}
