package io.databridge.pg.transport

import java.time.Duration

/**
 * Socket-level settings shared by every transport.
 *
 * [writeHighWaterMark]/[writeLowWaterMark] bound the bytes queued for the socket: [Transport.awaitWritable]
 * suspends above the high mark and resumes once the queue drained below the low mark.
 * Both transports apply them through one path. The keepalive idle/interval/count settings and [tcpUserTimeout] need
 * the JDK's `jdk.net.ExtendedSocketOptions` (keepalive details: Linux and macOS); where the runtime lacks one, a
 * connection that asks for it is refused with [io.databridge.pg.config.InvalidConfigException] rather than
 * opened without it. JDK 17 has no TCP_USER_TIMEOUT, so a non-zero `tcp_user_timeout` is refused there.
 */
public data class SocketOptions(
    val connectTimeout: Duration = Duration.ofSeconds(10),
    val keepAlive: Boolean = true,
    val keepAliveIdle: Duration? = null,
    val keepAliveInterval: Duration? = null,
    val keepAliveCount: Int? = null,
    val tcpUserTimeout: Duration? = null,
    val receiveChunk: Int = 8192,
    val writeHighWaterMark: Int = DEFAULT_WRITE_HIGH_WATER_MARK,
    val writeLowWaterMark: Int = DEFAULT_WRITE_LOW_WATER_MARK,
) {
    init {
        require(!connectTimeout.isNegative && !connectTimeout.isZero) { "connectTimeout must be positive" }
        require(receiveChunk >= 512) { "receiveChunk must be at least 512 bytes" }
        require(writeLowWaterMark in 0..writeHighWaterMark) { "writeLowWaterMark must be in 0..writeHighWaterMark" }
    }
}

/** Outbound bytes a connection queues before writers wait: a few round trips' worth, far below any heap. */
internal const val DEFAULT_WRITE_HIGH_WATER_MARK: Int = 4 shl 20

/** Where waiting writers resume: low enough that a resumed burst does not hit the high mark at once. */
internal const val DEFAULT_WRITE_LOW_WATER_MARK: Int = 1 shl 20
