package io.databridge.pg.config

/**
 * A protocol version: what a StartupMessage asks for, and the range the client may negotiate (libpq
 * `min_protocol_version` and `max_protocol_version`).
 */
public enum class ProtocolVersion(override val libpqName: String, public val major: Int, public val minor: Int) :
    LibpqEnum {
    /** Protocol 3.0, spoken by every supported server. */
    V3_0("3.0", 3, 0),

    /** Protocol 3.2 (PostgreSQL 18+): variable-length cancel keys. Older servers answer NegotiateProtocolVersion. */
    V3_2("3.2", 3, 2),
    ;

    /** The 32-bit version number sent in the StartupMessage (major in the high 16 bits). */
    public val code: Int get() = (major shl 16) or minor

    internal companion object {
        /** The newest version data-bridge speaks; what `latest` means. */
        val LATEST: ProtocolVersion = V3_2

        fun parse(key: String, value: String): ProtocolVersion =
            if (value == "latest") LATEST
            else entries.firstOrNull { it.libpqName == value }
                ?: throw InvalidConfigException(
                    key,
                    "invalid $key value: \"$value\" (expected one of: 3.0, 3.2, latest)",
                )
    }
}
