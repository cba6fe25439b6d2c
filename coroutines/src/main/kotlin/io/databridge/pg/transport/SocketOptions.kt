package io.databridge.pg.transport

import java.time.Duration

/**
 * Socket-level settings shared by every transport.
 *
 * [writeHighWaterMark]/[writeLowWaterMark] bound the bytes queued for the socket: [Transport.awaitWritable]
 * suspends above the high mark and resumes once the queue drained below the low mark.
 * The keepalive idle/interval/count settings apply where the JDK exposes them (`jdk.net.ExtendedSocketOptions`,
 * Linux and macOS); elsewhere only SO_KEEPALIVE is set.
 */
public data class SocketOptions(
    val connectTimeout: Duration = Duration.ofSeconds(10),
    val keepAlive: Boolean = true,
    val keepAliveIdle: Duration? = null,
    val keepAliveInterval: Duration? = null,
    val keepAliveCount: Int? = null,
    val receiveChunk: Int = 8192,
    val writeHighWaterMark: Int = 1 shl 20,
    val writeLowWaterMark: Int = 256 shl 10,
) {
    init {
        require(!connectTimeout.isNegative && !connectTimeout.isZero) { "connectTimeout must be positive" }
        require(receiveChunk >= 512) { "receiveChunk must be at least 512 bytes" }
        require(writeLowWaterMark in 0..writeHighWaterMark) { "writeLowWaterMark must be in 0..writeHighWaterMark" }
    }
}
