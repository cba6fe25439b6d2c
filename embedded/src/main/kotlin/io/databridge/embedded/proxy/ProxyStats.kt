package io.databridge.embedded.proxy

/** A snapshot of a [FaultProxy]'s counters since it started. */
public data class ProxyStats(
    /** Connections accepted and forwarded to the target. */
    public val accepted: Long,
    /** Connections closed at once because new connections were refused. */
    public val refused: Long,
    /** Forwarded connections not closed yet. */
    public val open: Int,
    /** Bytes forwarded from clients to the target. */
    public val bytesToTarget: Long,
    /** Bytes forwarded from the target to clients. */
    public val bytesToClient: Long,
)
