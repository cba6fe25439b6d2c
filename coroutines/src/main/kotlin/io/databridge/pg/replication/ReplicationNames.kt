package io.databridge.pg.replication

import io.databridge.pg.config.InvalidConfigException

/**
 * Checks the names spliced into replication commands, which take no parameters: slot names as PostgreSQL allows them
 * (lower-case letters, digits and underscores, at most 63), publication names as plain identifiers (quoted when sent,
 * so their case is kept).
 */
internal object ReplicationNames {
    private val slot = Regex("[a-z0-9_]{1,63}")
    private val publication = Regex("[A-Za-z_][A-Za-z0-9_$]{0,62}")

    fun slot(name: String): String {
        if (!slot.matches(name)) {
            throw InvalidConfigException("slot", "invalid replication slot name \"$name\": use 1 to 63 lower-case letters, digits and underscores")
        }
        return name
    }

    /** The `publication_names` option value: a quoted literal of double-quoted names. */
    fun publications(names: List<String>): String {
        if (names.isEmpty()) throw InvalidConfigException("publications", "at least one publication name is needed")
        for (name in names) {
            if (!publication.matches(name)) {
                throw InvalidConfigException("publications", "invalid publication name \"$name\": use a plain identifier (letters, digits, _ and $)")
            }
        }
        return names.joinToString(",", "'", "'") { "\"$it\"" }
    }
}
