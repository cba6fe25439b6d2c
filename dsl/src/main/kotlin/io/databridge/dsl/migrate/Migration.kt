package io.databridge.dsl.migrate

import io.databridge.pg.PgSession

/**
 * One migration the runner can apply: a versioned or repeatable SQL file found by a [MigrationSource], or a Kotlin
 * migration made with [kotlin]. [checksum] is the normalized content's tagged digest (see [MigrationChecksum]);
 * Kotlin migrations have none unless given one. A non-[transactional] migration runs statement by statement outside
 * a transaction (a SQL file opts out with [NO_TRANSACTION_MARKER] as its first line).
 */
public class Migration internal constructor(
    /** The version, or null for a repeatable migration. */
    public val version: MigrationVersion?,
    /** What the migration does, from its file name (underscores read as spaces) or as given. */
    public val description: String,
    /** [MigrationType.SQL], [MigrationType.KOTLIN] or [MigrationType.REPEATABLE]. */
    public val type: MigrationType,
    /** The script name stored in the history table: the file name, or `kotlin:<version>` for Kotlin migrations. */
    public val script: String,
    /** Where the migration was found (`classpath:db/migration/V1__init.sql`, a file path), for messages. */
    public val location: String,
    /** The tagged checksum of the content, or null (Kotlin migrations without one are never checked). */
    public val checksum: String?,
    /** Whether it runs in one transaction together with its history row. */
    public val transactional: Boolean,
    internal val body: MigrationBody,
) {
    init {
        require(type != MigrationType.BASELINE) { "a migration cannot be of type BASELINE" }
        require((version == null) == (type == MigrationType.REPEATABLE)) { "only repeatable migrations have no version" }
    }

    override fun toString(): String = "Migration($location)"

    /** Making Kotlin migrations. */
    public companion object {
        /** The first-line comment that makes a SQL file run outside a transaction (for `CREATE INDEX CONCURRENTLY`). */
        public const val NO_TRANSACTION_MARKER: String = "-- databridge:no-transaction"

        /**
         * A versioned migration written in Kotlin: [block] gets the session to run on (the migration's transaction,
         * or the runner's connection when not [transactional]), so the DSL can be used inside. Give a [checksum]
         * (any stable text, e.g. `"v2"`) to have edits to the code detected like edits to a file.
         */
        public fun kotlin(
            version: String,
            description: String,
            transactional: Boolean = true,
            checksum: String? = null,
            block: suspend (session: PgSession) -> Unit,
        ): Migration {
            val parsed = MigrationVersion.parse(version)
            return Migration(
                parsed, description, MigrationType.KOTLIN, "kotlin:$parsed", "Kotlin migration V${parsed}__$description",
                checksum, transactional, MigrationBody.Code(block),
            )
        }
    }
}

/** What a migration runs: parsed SQL statements or Kotlin code. */
internal sealed interface MigrationBody {
    /** A SQL file split into statements. */
    class Sql(val script: SqlScript) : MigrationBody

    /** A Kotlin block. */
    class Code(val block: suspend (PgSession) -> Unit) : MigrationBody
}
