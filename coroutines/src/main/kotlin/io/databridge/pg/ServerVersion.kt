package io.databridge.pg

/** The server's version as `server_version` reports it, e.g. 18.1 or 9.6.24. */
public data class ServerVersion(
    /** The major version (18; 9 for 9.6). */
    val major: Int,
    /** The minor version (1 in 18.1; 6 in 9.6.24). */
    val minor: Int,
    /** The patch level of pre-10 versions (24 in 9.6.24), else 0. */
    val patch: Int,
    /** The text the server sent. */
    val text: String,
) : Comparable<ServerVersion> {
    override fun compareTo(other: ServerVersion): Int =
        compareValuesBy(this, other, ServerVersion::major, ServerVersion::minor, ServerVersion::patch)

    override fun toString(): String = text

    /** Parsing of `server_version`. */
    public companion object {
        private val LEADING_NUMBERS = Regex("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?")

        /** Parses [text] such as `18.1`, `17beta2` or `16.4 (Debian 16.4-1)`; unparsable text gives 0.0.0. */
        @JvmStatic
        public fun parse(text: String): ServerVersion {
            val m = LEADING_NUMBERS.find(text.trim()) ?: return ServerVersion(0, 0, 0, text)
            fun part(i: Int) = m.groupValues[i].toIntOrNull() ?: 0
            return ServerVersion(part(1), part(2), part(3), text)
        }
    }
}
