package io.databridge.dsl.migrate

/** What kind of migration a history row or resolved migration is. */
public enum class MigrationType {
    /** A versioned SQL file, `V<version>__<description>.sql`. */
    SQL,

    /** A versioned migration written in Kotlin (a suspend block with a session). */
    KOTLIN,

    /** A repeatable SQL file, `R__<description>.sql`, applied again whenever its checksum changes. */
    REPEATABLE,

    /** The history row [Migrator.baseline] writes: every version up to it counts as applied. */
    BASELINE,
}
