package io.databridge.dsl.migrate

import java.time.OffsetDateTime

/** One row of the history table: a migration that ran (or failed), or the baseline. */
public data class AppliedMigration(
    /** The row's position in the order things were applied (1, 2, …). */
    val installedRank: Int,
    /** The version, or null for a repeatable migration. */
    val version: MigrationVersion?,
    /** The description as applied. */
    val description: String,
    /** The kind of migration the row records. */
    val type: MigrationType,
    /** The script name (file name) as applied. */
    val script: String,
    /** The tagged checksum as applied, or null (baseline, Kotlin migrations without one). */
    val checksum: String?,
    /** The database role that applied it. */
    val installedBy: String,
    /** When it was applied. */
    val installedOn: OffsetDateTime,
    /** How long it ran, in milliseconds. */
    val executionTimeMs: Int,
    /** False when it failed; such a row blocks further runs until [Migrator.repair]. */
    val success: Boolean,
)
