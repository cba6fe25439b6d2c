package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.protocol.ByteWriter

/**
 * A connected byte stream to the server, driven by one [EventLoop]: the NIO transport, the Ktor transport and the
 * TLS layer over either all implement it.
 *
 * Threading: everything except [close] (and reading [stats]) must be called on [eventLoop]'s thread, and every
 * [TransportHandler] callback arrives on that thread. That single-thread rule is what lets the connection keep its
 * pipeline queue, encoder buffer and decoder without locks.
 *
 * Writing: the connection encodes straight into [outbound] and calls [requestFlush]; all flush requests of one loop
 * pass become a single socket write at the end of the pass. Bytes the socket did not take stay queued and are
 * written when it becomes writable; [awaitWritable] is the back-pressure point.
 *
 * Reading: after [bind], the transport reads straight into the buffer the handler hands out
 * ([TransportHandler.receiveBuffer]) and reports the count ([TransportHandler.onReceived]): no copy in between.
 * [suspendReads] stops reading until [resumeReads], so a slow consumer pushes back on the server through TCP instead
 * of letting received bytes pile up in memory; at most one read already under way still delivers its bytes.
 */
public interface Transport {
    /** The loop (and coroutine dispatcher) this transport lives on. */
    public val eventLoop: EventLoop

    /** Where the connection encodes outgoing bytes; flushed by [requestFlush]. Each layer has its own: after [startTls]
     * the connection writes into the TLS transport's buffer, never the plaintext one below it. */
    public val outbound: ByteWriter

    /** Bytes written to [outbound] that the socket has not taken yet. */
    public val pendingBytes: Int

    /** False once the transport is closed, by either side. */
    public val isOpen: Boolean

    /** Counters of flushes and socket calls, for tests and metrics. */
    public val stats: TransportStats

    /** A description of the peer for messages, e.g. `db.example.com:5432` or `unix:/tmp/.s.PGSQL.5432`. */
    public val peer: String

    /**
     * Installs [handler] and starts reading. Calling it again replaces the handler for the following bytes (the TLS
     * layer takes the stream over this way after the SSLRequest exchange).
     */
    public fun bind(handler: TransportHandler)

    /** Asks for [outbound] to be written; coalesced to at most one socket write per loop pass. */
    public fun requestFlush()

    /** Suspends while more than the high-water mark of bytes is queued, until it drains below the low-water mark. */
    public suspend fun awaitWritable()

    /** Stops reading from the socket until [resumeReads]; loop thread only. Pausing twice is the same as once. */
    public fun suspendReads()

    /** Reads again after [suspendReads]; loop thread only. */
    public fun resumeReads()

    /** Writes what is queued if the socket takes it at once, then closes. Idempotent; callable from any thread. */
    public fun close()
}

/** Receives a transport's bytes and its end; every call happens on the transport's [EventLoop] thread. */
public interface TransportHandler {
    /**
     * The buffer the next bytes are read into, in write mode, with at least [minFree] bytes between position and
     * limit. The transport advances its position by the bytes it stores and then calls [onReceived].
     */
    public fun receiveBuffer(minFree: Int): java.nio.ByteBuffer

    /** [count] (> 0) new bytes were stored in the buffer last returned by [receiveBuffer]. */
    public fun onReceived(count: Int)

    /** The transport closed; [cause] says why (peer close, local close, I/O or TLS failure). Called once. */
    public fun onClosed(cause: ConnectionClosedException)
}

/** Counters a transport keeps; written on its loop thread, so values read elsewhere may lag slightly. */
public class TransportStats {
    /** Flushes performed (after coalescing). */
    public var flushes: Long = 0
        internal set

    /** Socket write calls. */
    public var writeCalls: Long = 0
        internal set

    /** Socket read calls that returned data. */
    public var readCalls: Long = 0
        internal set

    /** Bytes written to the socket. */
    public var bytesWritten: Long = 0
        internal set

    /** Bytes read from the socket. */
    public var bytesRead: Long = 0
        internal set

    override fun toString(): String =
        "TransportStats(flushes=$flushes, writeCalls=$writeCalls, readCalls=$readCalls, " +
            "bytesWritten=$bytesWritten, bytesRead=$bytesRead)"
}

/** Opens transports; one instance per engine (it owns no connections, only the means to make them). */
public interface TransportFactory : AutoCloseable {
    /** Connects to [endpoint] with [options]; throws [ConnectFailedException] or [ConnectTimeoutException]. */
    public suspend fun connect(endpoint: Endpoint, options: SocketOptions = SocketOptions()): Transport
}
