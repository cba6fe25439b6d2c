package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.protocol.ByteWriter
import io.ktor.network.sockets.Socket
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.readAvailable
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import java.io.IOException

/**
 * The optional transport over Ktor's sockets. Ktor pumps the socket on its own selector; our reader and writer
 * coroutines run on [eventLoop], so the handler sees exactly the threading of [NioTransport].
 */
internal class KtorTransport(
    override val eventLoop: EventLoop,
    private val socket: Socket,
    private val input: ByteReadChannel,
    private val output: ByteWriteChannel,
    private val options: SocketOptions,
    override val peer: String,
) : Transport, LoopFlushable {
    override val outbound: ByteWriter = ByteWriter(8192)
    override val stats: TransportStats = TransportStats()

    private val scope = CoroutineScope(SupervisorJob() + eventLoop)
    private var handler: TransportHandler? = null
    private var flushScheduled = false
    private var writing = false
        private val writers = ArrayList<CancellableContinuation<Unit>>(2)

    @Volatile
    private var closed = false

    override val pendingBytes: Int get() = outbound.size
    override val isOpen: Boolean get() = !closed

    override fun bind(handler: TransportHandler) {
        eventLoop.checkInLoop()
        val first = this.handler == null
        this.handler = handler
        if (closed) {
            handler.onClosed(ConnectionClosedException("connection to $peer is closed"))
        } else if (first) {
            scope.launch(start = CoroutineStart.UNDISPATCHED) { readLoop() }
        }
    }

    override fun requestFlush() {
        if (!flushScheduled && !closed) {
            eventLoop.checkInLoop()
            flushScheduled = true
            eventLoop.scheduleFlush(this)
        }
    }

    override suspend fun awaitWritable() {
        if (closed) throw ConnectionClosedException("connection to $peer is closed")
        if (pendingBytes <= options.writeHighWaterMark) return
        suspendCancellableCoroutine { writers.add(it) }
    }

    override fun flushNow() {
        flushScheduled = false
        if (closed || writing) return
        stats.flushes++
        scope.launch(start = CoroutineStart.UNDISPATCHED) { writeLoop() }
    }

    override fun close() {
        if (closed) return
        if (eventLoop.inLoop) {
            closeNow(ConnectionClosedException("connection to $peer closed by the client"))
        } else {
            eventLoop.execute { closeNow(ConnectionClosedException("connection to $peer closed by the client")) }
        }
    }

    private suspend fun readLoop() {
        try {
            while (!closed) {
                // Wait before taking the handler's buffer: the handler may change (TLS taking over) while we wait.
                if (!input.awaitContent()) {
                    closeNow(ConnectionClosedException("connection to $peer closed by the server"))
                    return
                }
                val h = handler!!
                val n = input.readAvailable(h.receiveBuffer(options.receiveChunk))
                if (n > 0) {
                    stats.readCalls++
                    stats.bytesRead += n
                    h.onReceived(n)
                }
            }
        } catch (e: CancellationException) {
            throw e
        } catch (e: IOException) {
            closeNow(ConnectionClosedException("connection to $peer broken while reading: ${e.message}", e))
        }
    }

    // Hands what the connection encoded to Ktor and flushes it; loops while more is encoded meanwhile. The bytes stay
    // in [outbound] until flushed so that [pendingBytes] counts them; the connection may append behind them.
    private suspend fun writeLoop() {
        writing = true
        try {
            while (!closed && outbound.size > 0) {
                val size = outbound.size
                output.writeFully(outbound.array, 0, size)
                stats.writeCalls++
                output.flush()
                stats.bytesWritten += size
                dropWritten(size)
                if (writers.isNotEmpty() && pendingBytes <= options.writeLowWaterMark) resumeWriters(null)
            }
        } catch (e: CancellationException) {
            throw e
        } catch (e: IOException) {
            closeNow(ConnectionClosedException("connection to $peer broken while writing: ${e.message}", e))
        } finally {
            writing = false
        }
    }

    private fun dropWritten(count: Int) {
        val array = outbound.array
        val size = outbound.size
        outbound.reset()
        if (size > count) outbound.writeBytes(array, count, size - count)
    }

    private fun resumeWriters(cause: Throwable?) {
        val waiting = writers.toTypedArray()
        writers.clear()
        for (w in waiting) if (cause == null) w.resume(Unit) else w.resumeWithException(cause)
    }

    private fun closeNow(cause: ConnectionClosedException) {
        if (closed) return
        closed = true
        val finalBytes = if (writing) 0 else outbound.size
        scope.cancel()
        resumeWriters(cause)
        handler?.onClosed(cause)
        if (finalBytes == 0) {
            shutdownSocket()
        } else {
            // Best effort, bounded: lets a final Terminate message leave before the socket closes.
            CoroutineScope(eventLoop).launch(start = CoroutineStart.UNDISPATCHED) {
                try {
                    withTimeoutOrNull(FINAL_WRITE_MILLIS) {
                        output.writeFully(outbound.array, 0, finalBytes)
                        output.flush()
                    }
                } catch (_: IOException) {
                } finally {
                    shutdownSocket()
                }
            }
        }
    }

    private fun shutdownSocket() {
        output.cancel(null)
        input.cancel(null)
        socket.close()
    }

    private companion object {
        const val FINAL_WRITE_MILLIS = 1000L
    }
}
