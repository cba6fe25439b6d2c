package io.databridge.dsl.migrate

/** One migration's [state], with the resolved [migration] and/or its latest history row [applied]. */
public data class MigrationInfo(
    /** Where the migration stands. */
    val state: MigrationState,
    /** The migration as found in the sources, or null when it is missing (or for the baseline row). */
    val migration: Migration?,
    /** Its latest history row, or null when it never ran. */
    val applied: AppliedMigration?,
) {
    /** The version, or null for a repeatable migration. */
    val version: MigrationVersion? get() = migration?.version ?: applied?.version

    /** The description. */
    val description: String get() = migration?.description ?: applied!!.description

    /** The script (file) name. */
    val script: String get() = migration?.script ?: applied!!.script

    /** Where it lives: the file's location, or the history table's word for it when missing. */
    val location: String get() = migration?.location ?: "${applied!!.script} (only in the history table)"

    /** Whether it was applied and its content has changed since (versioned migrations with checksums only). */
    val checksumChanged: Boolean
        get() {
            val now = migration?.checksum ?: return false
            val then = applied?.checksum ?: return false
            return migration.type != MigrationType.REPEATABLE && applied.success && now != then
        }
}
