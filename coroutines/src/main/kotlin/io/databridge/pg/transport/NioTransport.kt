package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.CancelledKeyException
import java.nio.channels.ClosedSelectorException
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.nio.channels.SocketChannel

/** The default transport: a non-blocking [SocketChannel] driven directly by an [EventLoop]. */
internal class NioTransport(
    eventLoop: EventLoop,
    private val channel: SocketChannel,
    options: SocketOptions,
    peer: String,
) : SocketTransport(eventLoop, options, peer), LoopChannel, LendableTransport {
    private var key: SelectionKey? = null

    // Lending: the borrower waits on a selector of its own (a channel may be registered with several), made at the
    // first lend and closed with the channel.
    @Volatile
    override var borrower: Thread? = null

    @Volatile
    private var lentSelector: Selector? = null
    private var lentKey: SelectionKey? = null

    @Volatile
    private var closeAsked = false
    private var writeOffset = 0
    private var writeView: ByteBuffer = ByteBuffer.wrap(outbound.array)
    private var waitingForWritable = false
    private var connectWaiter: CancellableContinuation<Unit>? = null

    override val pendingBytes: Int get() = outbound.size - writeOffset

    override val networkChannel: java.nio.channels.NetworkChannel get() = channel

    /** Completes a non-blocking connect; loop thread only. Closes the channel if it fails or is cancelled. */
    suspend fun finishConnect() {
        if (channel.isConnectionPending) {
            suspendCancellableCoroutine { cont ->
                connectWaiter = cont
                key = eventLoop.register(channel, SelectionKey.OP_CONNECT, this)
                cont.invokeOnCancellation { close() }
            }
        } else {
            key = eventLoop.register(channel, 0, this)
        }
    }

    override fun startReading() {
        if (!readsPaused) setReadInterest(true)
    }

    // Touched only under back-pressure (a slow COPY consumer); the hot path never re-registers read interest.
    override fun readPauseChanged() {
        if (handler != null) setReadInterest(!readsPaused)
    }

    override val ownedHere: Boolean
        get() = if (lent) borrower === Thread.currentThread() else eventLoop.inLoop

    override fun closeFromElsewhere() {
        if (lent) {
            // The borrower closes at its next step, or the loop when it takes the socket back.
            closeAsked = true
            wakeLent()
            eventLoop.execute { if (!lent) closeNow(closedByClient()) }
        } else {
            super.closeFromElsewhere()
        }
    }

    override fun lend(): Boolean {
        eventLoop.checkInLoop()
        if (closed || lent || readsPaused || waitingForWritable || flushRequested || pendingBytes > 0 || handler == null) return false
        val selector = lentSelector ?: try {
            Selector.open().also {
                lentKey = channel.register(it, SelectionKey.OP_READ)
                lentSelector = it
            }
        } catch (e: IOException) {
            return false
        }
        setReadInterest(false)
        lent = true
        return true
    }

    override fun endLend() {
        eventLoop.checkInLoop()
        if (!lent) return
        lent = false
        borrower = null
        if (closeAsked || closed) {
            closeNow(closedByClient())
            return
        }
        if (!readsPaused) setReadInterest(true)
        if (takeFlushRequest()) requestFlush()
        // Bytes that arrived while lent are already signalled to the loop's selector now that it is interested again.
    }

    override fun flushLent(): Boolean {
        if (!takeFlushRequest() || closed) return false
        while (!closed) {
            write()
            if (closed || writeOffset == outbound.size) return true
            awaitLentOps(SelectionKey.OP_WRITE)
        }
        return true
    }

    override fun readLent(): Boolean {
        if (closeAsked && !closed) {
            closeNow(closedByClient())
            return true
        }
        if (closed) return false
        val h = handler ?: return false
        return readInto(h, h.receiveBuffer(options.receiveChunk)) != 0
    }

    override fun awaitLent() {
        if (!closed && !closeAsked) awaitLentOps(SelectionKey.OP_READ)
    }

    private fun awaitLentOps(ops: Int) {
        val selector = lentSelector ?: return
        val k = lentKey ?: return
        try {
            if (k.interestOps() != ops) k.interestOps(ops)
            // The action form keeps no selected-key set, so a wait allocates nothing.
            selector.select(IGNORE_READY)
        } catch (e: ClosedSelectorException) {
            // Closed with the channel (by the loop shutting down): the next step sees the transport closed.
        } catch (e: CancelledKeyException) {
            // The same, seen through the key.
        } catch (e: IOException) {
            closeNow(ConnectionClosedException("connection to $peer broken while waiting: ${e.message}", e))
        }
    }

    override fun wakeLent() {
        lentSelector?.wakeup()
    }

    private fun setReadInterest(on: Boolean) {
        if (on && lent) return
        val k = key ?: return
        k.interestOps(if (on) k.interestOps() or SelectionKey.OP_READ else k.interestOps() and SelectionKey.OP_READ.inv())
    }

    override fun canStartWrite(): Boolean = !waitingForWritable

    override fun startWrite(): Unit = write()

    override fun onReady(key: SelectionKey) {
        val ready = key.readyOps()
        if (ready and SelectionKey.OP_CONNECT != 0) connected(key)
        if (ready and SelectionKey.OP_WRITE != 0 && !closed) write()
        if (ready and SelectionKey.OP_READ != 0 && !closed) read()
    }

    override fun onLoopClosed() {
        if (lent) {
            // The borrower owns the connection's state: it closes at its next step.
            closeAsked = true
            wakeLent()
        } else {
            closeNow(ConnectionClosedException("event loop closed while connected to $peer"))
        }
    }

    private fun connected(key: SelectionKey) {
        val cont = connectWaiter ?: return
        connectWaiter = null
        try {
            channel.finishConnect()
            key.interestOps(0)
            cont.resume(Unit)
        } catch (e: IOException) {
            closeQuietly()
            cont.resumeWithException(e)
        }
    }

    private fun read() {
        var rounds = 0
        while (!closed && !readsPaused) {
            // Fetched every round: a callback may hand the stream to a new handler (TLS taking over).
            val h = handler ?: return
            val buf = h.receiveBuffer(options.receiveChunk)
            val room = buf.remaining()
            val n = readInto(h, buf)
            // A short read means the socket is drained; a full one may have more, but yield after a few.
            if (n <= 0 || n < room || ++rounds >= MAX_READS_PER_PASS) return
        }
    }

    /**
     * One socket read into [buf] (from [h]'s receiveBuffer): the count, already handed to [h]; 0 when the socket had
     * nothing; -1 when it broke or the server closed it, and the transport is closed.
     */
    private fun readInto(h: TransportHandler, buf: ByteBuffer): Int {
        val n = try {
            channel.read(buf)
        } catch (e: IOException) {
            closeNow(ConnectionClosedException("connection to $peer broken while reading: ${e.message}", e))
            return -1
        }
        when {
            n > 0 -> {
                stats.readCalls++
                stats.bytesRead += n
                h.onReceived(n)
            }
            n < 0 -> closeNow(ConnectionClosedException("connection to $peer closed by the server"))
        }
        return n
    }

    private fun write() {
        val size = outbound.size
        if (writeOffset < size) {
            val array = outbound.array
            var view = writeView
            if (view.array() !== array) {
                view = ByteBuffer.wrap(array)
                writeView = view
            }
            view.limit(size).position(writeOffset)
            try {
                while (view.hasRemaining()) {
                    val n = channel.write(view)
                    stats.writeCalls++
                    if (n == 0) break
                    stats.bytesWritten += n
                }
            } catch (e: IOException) {
                closeNow(ConnectionClosedException("connection to $peer broken while writing: ${e.message}", e))
                return
            }
            writeOffset = view.position()
        }
        if (writeOffset == size) {
            outbound.reset()
            writeOffset = 0
            setWriteInterest(false)
        } else {
            if (writeOffset >= COMPACT_THRESHOLD) compact()
            setWriteInterest(true)
        }
        releaseWritersIfDrained()
    }

    // Moves the unwritten tail to the front so a long-blocked socket does not make the buffer grow without end.
    private fun compact() {
        val array = outbound.array
        val size = outbound.size
        outbound.reset()
        outbound.writeBytes(array, writeOffset, size - writeOffset)
        writeOffset = 0
    }

    private fun setWriteInterest(on: Boolean) {
        // A borrower waits for the socket on its own selector (flushLent), never through the loop's.
        if (lent) return
        if (on == waitingForWritable) return
        waitingForWritable = on
        val k = key ?: return
        k.interestOps(if (on) k.interestOps() or SelectionKey.OP_WRITE else k.interestOps() and SelectionKey.OP_WRITE.inv())
    }

    override fun closeNow(cause: ConnectionClosedException) {
        if (closed) return
        if (writeOffset < outbound.size && !waitingForWritable && channel.isConnected) {
            // Best effort, never blocking: lets a final Terminate message leave before the socket closes.
            try {
                channel.write(ByteBuffer.wrap(outbound.array, writeOffset, outbound.size - writeOffset))
            } catch (_: IOException) {
            }
        }
        closed = true
        closeQuietly()
        connectWaiter?.let {
            connectWaiter = null
            it.resumeWithException(cause)
        }
        resumeWriters(cause)
        handler?.onClosed(cause)
    }

    private fun closeQuietly() {
        closed = true
        key?.cancel()
        lentSelector?.let {
            try {
                it.close()
            } catch (_: IOException) {
            }
        }
        try {
            channel.close()
        } catch (_: IOException) {
        }
    }

    private companion object {
        val IGNORE_READY = java.util.function.Consumer<SelectionKey> { }
        const val MAX_READS_PER_PASS = 16
        const val COMPACT_THRESHOLD = 64 * 1024
    }
}
