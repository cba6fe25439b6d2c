package io.databridge.pg.replication

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.pipeline.ConnectionDriver
import io.databridge.pg.pipeline.PendingRequest
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.CommandComplete
import io.databridge.pg.protocol.CopyBothResponse
import io.databridge.pg.protocol.CopyData
import io.databridge.pg.protocol.CopyDone
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.writeCopyData
import io.databridge.pg.protocol.writeCopyDone
import io.databridge.pg.protocol.writeQuery
import java.time.Instant
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel

/**
 * `START_REPLICATION` over a simple Query: the CopyBoth stream holds the connection until it ends. Keepalives are
 * answered on the loop thread at once when the server asks; XLogData payloads go to [frames] for the collector to
 * decode, and above [bufferBytes] uncollected bytes reading pauses until the collector catches up ([taken]), so a slow
 * collector slows the server instead of filling memory. [frames] carries ByteArray payloads, then [END] or the failure.
 */
internal class ReplicationStreamRequest(
    private val command: String,
    private val tracker: AckTracker,
    private val bufferBytes: Long,
) : PendingRequest() {
    val ready = CompletableDeferred<Unit>()
    val frames = Channel<Any>(Channel.UNLIMITED)
    private val buffered = AtomicLong()
    private val readsPaused = AtomicBoolean()
    private var streaming = true
    private var copyDoneSent = false
    private var error: DataBridgeException? = null

    /**
     * Why the connection ended, once it did. The collector checks it before each payload: what it has not taken yet
     * could never be acknowledged, and comes again after a reconnect.
     */
    @Volatile
    var failure: DataBridgeException? = null
        private set

    /** The highest WAL position the server reported or sent data up to. */
    @Volatile
    var received: Lsn = Lsn.ZERO
        private set

    override val holdsConnection: Boolean get() = streaming

    override fun writeTo(out: ByteWriter) = out.writeQuery(command)

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is CopyBothResponse -> ready.complete(Unit)
            is CopyData -> if (!abandoned) frame(message, driver)
            CopyDone -> stop(driver)
            is CommandComplete -> Unit
            is ErrorResponse -> error = PgServerException.fromFields(message.fields)
            is ReadyForQuery -> {
                streaming = false
                driver.release(this)
                resumeReads(driver)
                val failure = error ?: if (!ready.isCompleted) DataBridgeException("START_REPLICATION did not start a stream") else null
                if (failure != null) ready.completeExceptionally(failure)
                frames.trySend(failure ?: END)
                return true
            }
            else -> Unit
        }
        return false
    }

    override fun fail(cause: DataBridgeException) {
        streaming = false
        failure = cause
        ready.completeExceptionally(cause)
        frames.trySend(cause)
    }

    /** Sends a standby status update with the tracker's flushed position. Loop thread only. */
    fun sendStatus(driver: ConnectionDriver, replyRequested: Boolean = false) {
        if (!streaming || copyDoneSent) return
        val flushed = tracker.flushed
        val status = ReplicationFrames.statusUpdate(received.max(flushed), flushed, flushed, Instant.now(), replyRequested)
        driver.send { writeCopyData(status) }
    }

    /** The collector took a payload of [size] bytes; any thread. Resumes reading once the buffer has drained. */
    fun taken(size: Int, driver: ConnectionDriver) {
        if (buffered.addAndGet(-size.toLong()) <= bufferBytes / 4 && readsPaused.compareAndSet(true, false)) {
            driver.transport.eventLoop.execute { if (!readsPaused.get()) driver.transport.resumeReads() }
        }
    }

    /** Ends the stream from our side: a last status update, then CopyDone; what still arrives is dropped. Loop thread only. */
    fun stop(driver: ConnectionDriver) {
        if (copyDoneSent || !streaming) return
        sendStatus(driver)
        copyDoneSent = true
        abandoned = true
        driver.send { writeCopyDone() }
        resumeReads(driver)
    }

    private fun frame(message: CopyData, driver: ConnectionDriver) {
        when (val frame = ReplicationFrames.decode(message.array, message.offset, message.length)) {
            is PrimaryKeepalive -> {
                received = received.max(frame.walEnd)
                if (frame.replyRequested) sendStatus(driver)
            }
            is XLogData -> {
                received = received.max(frame.dataStart)
                if (buffered.addAndGet(frame.data.size.toLong()) > bufferBytes) {
                    readsPaused.set(true)
                    driver.transport.suspendReads()
                }
                frames.trySend(frame.data)
            }
        }
    }

    private fun resumeReads(driver: ConnectionDriver) {
        readsPaused.set(false)
        driver.transport.resumeReads()
    }

    companion object {
        /** The stream ended normally. */
        val END = Any()
    }
}
