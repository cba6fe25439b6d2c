package io.databridge.pg

import io.databridge.pg.observe.PgInstrumentation
import io.databridge.pg.startup.SharedEngine
import io.databridge.pg.transport.DEFAULT_WRITE_HIGH_WATER_MARK
import io.databridge.pg.transport.DEFAULT_WRITE_LOW_WATER_MARK
import io.databridge.pg.transport.EventLoopGroup
import io.databridge.pg.transport.KtorTransportFactory
import io.databridge.pg.transport.NioTransportFactory
import io.databridge.pg.transport.TransportFactory
import io.databridge.pg.types.TypeRegistry
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** Which socket implementation a connection uses. */
public enum class TransportKind {
    /** data-bridge's own NIO event loops (the default). */
    NIO,

    /** Ktor network sockets (needs `io.ktor:ktor-network-jvm` on the classpath). */
    KTOR,
}

/**
 * Engine-level choices for [PgConnection.connect] that are not libpq settings: the transport, the event loops,
 * the type registry template each connection copies, and the outbound buffer limits.
 *
 * The write marks bound the bytes a connection has encoded but the socket has not taken yet: above
 * [writeHighWaterMark] new queries (and COPY FROM STDIN chunks) wait before they are encoded and written, and they
 * proceed, in the order they arrived, once the queue has drained to [writeLowWaterMark].
 */
public data class ConnectOptions(
    /** The socket implementation. */
    val transport: TransportKind = TransportKind.NIO,
    /** The loops connections run on; `null` uses a process-wide shared group. */
    val eventLoopGroup: EventLoopGroup? = null,
    /** The registry each connection starts from (copied per connection); `null` uses the built-in types. */
    val types: TypeRegistry? = null,
    /** Observers of every query, transaction and COPY (metrics, tracing); see [PgInstrumentation]. */
    val instrumentations: List<PgInstrumentation> = emptyList(),
    /**
     * Statements taking at least this long are logged at WARN on `io.databridge.pg.slowquery` (needs SLF4J);
     * `null` uses the connection string's `slow_query_threshold`, and without either nothing is logged.
     */
    val slowQueryThreshold: Duration? = null,
    /** Whether slow-query log lines show bound parameter values and literals; off, as values may be secrets. */
    val logParameterValues: Boolean = false,
    /** Queued outbound bytes above which new requests wait (4 MB). */
    val writeHighWaterMark: Int = DEFAULT_WRITE_HIGH_WATER_MARK,
    /** Queued outbound bytes at or below which waiting requests are written again (1 MB). */
    val writeLowWaterMark: Int = DEFAULT_WRITE_LOW_WATER_MARK,
    /**
     * How long a request cancelled by its caller (query timeout, coroutine cancelled) may still take once its
     * CancelRequest went out (10 s). A server that ignores the cancel past it gets the connection closed, so a pool
     * replaces it instead of queueing every later query behind the stuck one (a pool discards a connection returned
     * while such a request is still unanswered after 1 s).
     */
    val cancelGracePeriod: Duration = DEFAULT_CANCEL_GRACE_PERIOD,
) {
    init {
        require(cancelGracePeriod.isPositive()) { "cancelGracePeriod must be positive" }
        require(writeHighWaterMark > 0) { "writeHighWaterMark must be positive" }
        require(writeLowWaterMark in 0..writeHighWaterMark) { "writeLowWaterMark must be in 0..writeHighWaterMark" }
    }

    internal fun transportFactory(): TransportFactory {
        val group = eventLoopGroup ?: return when (transport) {
            TransportKind.NIO -> SharedEngine.nio
            TransportKind.KTOR -> SharedEngine.ktor
        }
        return when (transport) {
            TransportKind.NIO -> NioTransportFactory(group)
            TransportKind.KTOR -> KtorTransportFactory(group)
        }
    }
}

/** [ConnectOptions.cancelGracePeriod] unless given. */
internal val DEFAULT_CANCEL_GRACE_PERIOD: Duration = 10.seconds
