package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.protocol.ByteWriter
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * What the NIO and Ktor transports share: the outbound buffer, flush coalescing (one flush per loop pass),
 * back-pressure on the write high/low-water marks, handler binding and closing from any thread. Subclasses supply
 * how reading starts, how a flush writes, and how the socket closes.
 */
internal abstract class SocketTransport(
    final override val eventLoop: EventLoop,
    protected val options: SocketOptions,
    final override val peer: String,
) : Transport, LoopFlushable {
    final override val outbound: ByteWriter = ByteWriter(8192)
    final override val stats: TransportStats = TransportStats()

    protected var handler: TransportHandler? = null
    private var flushScheduled = false
    private val writers = ArrayList<CancellableContinuation<Unit>>(2)

    @Volatile
    protected var closed: Boolean = false

    /** True while a calling thread drives the socket (see [LendableTransport]): the loop must not touch it. */
    @Volatile
    protected var lent: Boolean = false

    /** The thread that owns the transport now: the borrower while [lent], else the loop's. */
    protected open val ownedHere: Boolean get() = eventLoop.inLoop

    /** True between [suspendReads] and [resumeReads]: the subclass must not read meanwhile. */
    protected var readsPaused: Boolean = false
        private set

    final override val isOpen: Boolean get() = !closed

    /** The socket's channel, where [SocketConfigurer] applied the socket options. */
    internal abstract val networkChannel: java.nio.channels.NetworkChannel

    /** Starts delivering received bytes to [handler]; called once, on the loop, at the first [bind]. */
    protected abstract fun startReading()

    /** Whether a flush may start now (false while a previous write is still under way). */
    protected abstract fun canStartWrite(): Boolean

    /** Writes what [outbound] holds; on the loop. */
    protected abstract fun startWrite()

    /** Closes the socket and fails everything waiting with [cause]; on the loop, idempotent. */
    protected abstract fun closeNow(cause: ConnectionClosedException)

    /** [readsPaused] changed on an open transport; on the loop. */
    protected abstract fun readPauseChanged()

    final override fun bind(handler: TransportHandler) {
        eventLoop.checkInLoop()
        val first = this.handler == null
        this.handler = handler
        if (closed) {
            handler.onClosed(ConnectionClosedException("connection to $peer is closed"))
        } else if (first) {
            startReading()
        }
    }

    final override fun requestFlush() {
        if (!flushScheduled && !closed) {
            if (lent) {
                // The borrower flushes at its next step; the loop's flush queue must not see a lent transport.
                flushScheduled = true
                return
            }
            eventLoop.checkInLoop()
            flushScheduled = true
            eventLoop.scheduleFlush(this)
        }
    }

    final override suspend fun awaitWritable() {
        if (closed) throw ConnectionClosedException("connection to $peer is closed")
        if (pendingBytes <= options.writeHighWaterMark) return
        suspendCancellableCoroutine { writers.add(it) }
    }

    final override fun suspendReads() {
        eventLoop.checkInLoop()
        if (readsPaused) return
        readsPaused = true
        if (!closed) readPauseChanged()
    }

    final override fun resumeReads() {
        eventLoop.checkInLoop()
        if (!readsPaused) return
        readsPaused = false
        if (!closed) readPauseChanged()
    }

    final override fun flushNow() {
        if (lent) return
        flushScheduled = false
        if (closed || !canStartWrite()) return
        stats.flushes++
        startWrite()
    }

    final override fun close() {
        if (closed) return
        if (ownedHere) {
            closeNow(closedByClient())
        } else {
            closeFromElsewhere()
        }
    }

    /** [close] called off the owning thread: the owner closes at its next step. */
    protected open fun closeFromElsewhere() {
        eventLoop.execute { closeNow(closedByClient()) }
    }

    /** Why the transport closed when this side closed it. */
    protected fun closedByClient(): ConnectionClosedException = ConnectionClosedException("connection to $peer closed by the client")

    /** Whether a flush was asked for since the last one; clears the request (the borrower's and [LendableTransport.endLend]'s check). */
    protected fun takeFlushRequest(): Boolean {
        if (!flushScheduled) return false
        flushScheduled = false
        return true
    }

    /** Whether a flush is asked for and not yet performed. */
    protected val flushRequested: Boolean get() = flushScheduled

    /** Wakes writers suspended in [awaitWritable] once the queue has drained below the low-water mark. */
    protected fun releaseWritersIfDrained() {
        if (writers.isNotEmpty() && pendingBytes <= options.writeLowWaterMark) resumeWriters(null)
    }

    /** Resumes every suspended writer, with [cause] when the transport closed. */
    protected fun resumeWriters(cause: Throwable?) {
        val waiting = writers.toTypedArray()
        writers.clear()
        for (w in waiting) if (cause == null) w.resume(Unit) else w.resumeWithException(cause)
    }
}
