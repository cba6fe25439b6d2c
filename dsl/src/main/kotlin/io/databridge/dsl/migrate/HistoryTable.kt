package io.databridge.dsl.migrate

import io.databridge.dsl.requireIdentifier
import io.databridge.dsl.schema.qualifiedName
import io.databridge.pg.identifiers.Identifiers
import io.databridge.pg.PgSession
import io.databridge.pg.Row
import java.time.OffsetDateTime

/**
 * The history table `schema.table`: its DDL and its rows. Names are validated as identifiers and always quoted; every
 * value is a bound parameter.
 */
internal class HistoryTable(val schema: String, val table: String) {
    private val qualified = qualifiedName(requireIdentifier(schema, "history schema"), requireIdentifier(table, "history table"))

    /** `schema.table`, for messages and the lock key. */
    val name: String get() = "$schema.$table"

    suspend fun exists(session: PgSession): Boolean =
        session.query(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2)", schema, table,
        ).rows.single().getBoolean(0)

    /** Creates the schema (when missing) and the table; run under the migration lock, so never concurrently. */
    suspend fun create(session: PgSession) {
        session.execute("CREATE SCHEMA IF NOT EXISTS ${Identifiers.quote(schema)}")
        session.execute(
            """
            CREATE TABLE IF NOT EXISTS $qualified (
                installed_rank integer PRIMARY KEY,
                version text,
                description text NOT NULL,
                type text NOT NULL,
                script text NOT NULL,
                checksum text,
                installed_by text NOT NULL,
                installed_on timestamptz NOT NULL DEFAULT now(),
                execution_time_ms integer NOT NULL,
                success boolean NOT NULL
            )
            """.trimIndent(),
        )
    }

    suspend fun read(session: PgSession): List<AppliedMigration> =
        session.query(
            "SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, " +
                "execution_time_ms, success FROM $qualified ORDER BY installed_rank",
        ).rows.map(::applied)

    /** Appends a row after the highest rank; [installedBy] null records the session's `current_user`. */
    suspend fun insert(session: PgSession, row: NewHistoryRow) {
        session.execute(
            "INSERT INTO $qualified (installed_rank, version, description, type, script, checksum, installed_by, " +
                "execution_time_ms, success) SELECT coalesce(max(installed_rank), 0) + 1, $1::text, $2::text, $3::text, " +
                "$4::text, $5::text, coalesce($6::text, current_user::text), $7::integer, $8::boolean FROM $qualified",
            row.version?.toString(), row.description, row.type.name, row.script, row.checksum, row.installedBy,
            row.executionTimeMs, row.success,
        )
    }

    /** Deletes every failed row and returns them. */
    suspend fun deleteFailed(session: PgSession): List<AppliedMigration> =
        session.query(
            "DELETE FROM $qualified WHERE NOT success RETURNING installed_rank, version, description, type, script, " +
                "checksum, installed_by, installed_on, execution_time_ms, success",
        ).rows.map(::applied).sortedBy { it.installedRank }

    /** Sets the row at [rank] to [checksum] and [description], the values of the migration as it is now. */
    suspend fun realign(session: PgSession, rank: Int, checksum: String?, description: String) {
        session.execute("UPDATE $qualified SET checksum = $1, description = $2 WHERE installed_rank = $3", checksum, description, rank)
    }

    private fun applied(row: Row): AppliedMigration = AppliedMigration(
        installedRank = row.getInt(0),
        version = row.getStringOrNull(1)?.let(MigrationVersion::parse),
        description = row.getString(2),
        type = MigrationType.valueOf(row.getString(3)),
        script = row.getString(4),
        checksum = row.getStringOrNull(5),
        installedBy = row.getString(6),
        installedOn = row.get(7, OffsetDateTime::class.java)!!,
        executionTimeMs = row.getInt(8),
        success = row.getBoolean(9),
    )
}

/** The values of a history row about to be written. */
internal data class NewHistoryRow(
    val version: MigrationVersion?,
    val description: String,
    val type: MigrationType,
    val script: String,
    val checksum: String?,
    val installedBy: String?,
    val executionTimeMs: Int,
    val success: Boolean,
)
