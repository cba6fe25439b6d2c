package io.databridge.pg.protocol

/** The protocol versions a StartupMessage can ask for; [code] is the major version in the high 16 bits. */
public enum class ProtocolVersion(public val code: Int) {
    /** Protocol 3.0, spoken by every supported server. */
    V3_0(196608),

    /** Protocol 3.2 (PostgreSQL 18+): variable-length cancel keys. Older servers answer NegotiateProtocolVersion. */
    V3_2(196610),
}
