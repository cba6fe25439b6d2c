package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
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
import java.io.IOException
import kotlin.coroutines.resume

/**
 * The optional transport over Ktor's sockets. Ktor pumps the socket on its own selector; our reader and writer
 * coroutines run on [eventLoop], so the handler sees exactly the threading of [NioTransport].
 */
internal class KtorTransport(
    eventLoop: EventLoop,
    private val socket: Socket,
    private val input: ByteReadChannel,
    private val output: ByteWriteChannel,
    options: SocketOptions,
    peer: String,
) : SocketTransport(eventLoop, options, peer) {
    private val scope = CoroutineScope(SupervisorJob() + eventLoop)
    private var writing = false
    private var readResumer: CancellableContinuation<Unit>? = null

    override val pendingBytes: Int get() = outbound.size

    override val networkChannel: java.nio.channels.NetworkChannel get() = tcpChannel(socket)

    override fun startReading() {
        scope.launch(start = CoroutineStart.UNDISPATCHED) { readLoop() }
    }

    override fun canStartWrite(): Boolean = !writing

    override fun readPauseChanged() {
        if (readsPaused) return
        readResumer?.let {
            readResumer = null
            // Resumed from a later loop task, never in place: on the loop thread an in-place resume would run the read
            // loop inside our caller (the handler, mid-message), delivering bytes before the caller finished.
            eventLoop.execute { it.resume(Unit) }
        }
    }

    override fun startWrite() {
        scope.launch(start = CoroutineStart.UNDISPATCHED) { writeLoop() }
    }

    private suspend fun readLoop() {
        try {
            while (!closed) {
                // Paused: leave the bytes in Ktor's channel, so its pump stops reading and TCP pushes back.
                if (readsPaused) suspendCancellableCoroutine { readResumer = it }
                // Wait before taking the handler's buffer: the handler may change (TLS taking over) while we wait.
                if (!input.awaitContent()) {
                    closeNow(ConnectionClosedException("connection to $peer closed by the server"))
                    return
                }
                if (readsPaused) continue
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
                releaseWritersIfDrained()
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

    override fun closeNow(cause: ConnectionClosedException) {
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
