package io.databridge.dsl.migrate

/** Where one migration stands, from merging the resolved migrations with the history table. */
public enum class MigrationState {
    /** Not applied yet, newer than every applied one: the next run applies it. */
    PENDING,

    /** Not applied yet but older than the latest applied one: an error unless out-of-order runs are enabled. */
    OUT_OF_ORDER,

    /** Applied successfully (for a repeatable: its current content was applied). */
    APPLIED,

    /** A repeatable migration whose content changed since it was last applied: the next run applies it again. */
    OUTDATED,

    /** Failed (`success = false`); blocks every run until [Migrator.repair]. */
    FAILED,

    /** Applied, but no file or Kotlin migration of that version or description exists any more. */
    MISSING,

    /** The baseline row: the database was adopted at this version. */
    BASELINE,

    /** Not applied and at or below the baseline version, so it is never applied. */
    BELOW_BASELINE,
}
