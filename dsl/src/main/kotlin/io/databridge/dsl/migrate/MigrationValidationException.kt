package io.databridge.dsl.migrate

/** What validation found wrong with one migration. */
public enum class ValidationIssue {
    /** An applied migration's file changed since it was applied (its checksum differs). */
    CHECKSUM_MISMATCH,

    /** An applied migration has no file (or Kotlin migration) any more. */
    MISSING,

    /** A pending migration is older than the latest applied one, and out-of-order runs are not enabled. */
    OUT_OF_ORDER,

    /** A migration failed earlier (`success = false` in the history); it blocks until [Migrator.repair]. */
    FAILED,
}

/** One problem validation found: which migration (its [script] and [location]) and what is wrong with it. */
public data class ValidationProblem(
    /** The kind of problem. */
    val issue: ValidationIssue,
    /** The script name as the history table stores it (the file name). */
    val script: String,
    /** Where the migration lives, or the history table for a missing one. */
    val location: String,
    /** A sentence saying what is wrong and what to do about it. */
    val message: String,
)

/**
 * Validation found applied migrations whose files changed or went missing, pending migrations older than the latest
 * applied one, or failed migrations; nothing was run. [problems] lists each, naming the file.
 */
public class MigrationValidationException(
    /** Every problem found, in version order. */
    public val problems: List<ValidationProblem>,
) : MigrationException(
    "migration validation failed, nothing was run:\n" + problems.joinToString("\n") { "  - ${it.message}" },
)
