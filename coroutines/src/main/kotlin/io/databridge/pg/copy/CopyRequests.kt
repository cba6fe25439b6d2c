package io.databridge.pg.copy

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.pipeline.ConnectionDriver
import io.databridge.pg.pipeline.PendingRequest
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.CommandComplete
import io.databridge.pg.protocol.CopyData
import io.databridge.pg.protocol.CopyDone
import io.databridge.pg.protocol.CopyInResponse
import io.databridge.pg.protocol.CopyOutResponse
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.writeCopyFail
import io.databridge.pg.protocol.writeQuery
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel

/**
 * `COPY … FROM STDIN` over a simple Query. [ready] completes at CopyInResponse; the caller then writes CopyData and
 * ends with CopyDone or CopyFail ([finishWriting]). Until then the request owns the connection, because nothing
 * may be written between the CopyData messages.
 */
internal class CopyInRequest(private val sql: String) : PendingRequest() {
    val ready = CompletableDeferred<Unit>()
    val result = CompletableDeferred<Long>()
    private var writing = true
    private var count = -1L
    private var error: PgServerException? = null

    override val holdsConnection: Boolean get() = writing

    override fun writeTo(out: ByteWriter) = out.writeQuery(sql)

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is CopyInResponse -> ready.complete(Unit)
            is CommandComplete -> count = message.rowCount
            is ErrorResponse -> error = PgServerException.fromFields(message.fields)
            is ReadyForQuery -> {
                if (writing) finishWriting(driver)
                val failure = error ?: if (!ready.isCompleted) DataBridgeException("the statement is not a COPY FROM STDIN") else null
                if (failure != null) {
                    ready.completeExceptionally(failure)
                    result.completeExceptionally(failure)
                } else {
                    result.complete(count)
                }
                return true
            }
            else -> Unit
        }
        return false
    }

    /** The caller wrote CopyDone or CopyFail (or the COPY never started): release the connection. */
    fun finishWriting(driver: ConnectionDriver) {
        if (!writing) return
        writing = false
        driver.release(this)
    }

    override fun fail(cause: DataBridgeException) {
        writing = false
        ready.completeExceptionally(cause)
        result.completeExceptionally(cause)
    }
}

/**
 * `COPY … TO STDOUT` over a simple Query: the CopyData payloads go to [chunks] (copied out of the receive buffer),
 * followed by the row count or the failure. Above [BUFFER_HIGH] buffered bytes the transport stops reading until the
 * collector has taken enough to bring them down to [BUFFER_LOW] ([taken]), so memory stays bounded however slowly
 * it collects.
 */
internal class CopyOutRequest(private val sql: String) : PendingRequest() {
    val chunks = Channel<Any>(Channel.UNLIMITED)

    /** Bytes of CopyData in [chunks] the collector has not taken yet. */
    val buffered = AtomicLong()

    // Set on the loop before the chunk that crossed the high mark is queued, cleared by whoever resumes reading.
    private val readsPaused = AtomicBoolean()
    private var started = false
    private var count = -1L
    private var error: DataBridgeException? = null

    override fun writeTo(out: ByteWriter) = out.writeQuery(sql)

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is CopyOutResponse -> started = true
            is CopyData -> if (!abandoned) queue(message.bytes(), driver)
            CopyDone -> Unit
            is CommandComplete -> count = message.rowCount
            is ErrorResponse -> error = PgServerException.fromFields(message.fields)
            is CopyInResponse -> {
                error = DataBridgeException("the statement is a COPY FROM STDIN, not TO STDOUT")
                driver.send { writeCopyFail("expected COPY TO STDOUT") }
            }
            is ReadyForQuery -> {
                // No more data for this COPY: what is buffered is bounded, and the requests behind it need reading.
                resumeReads(driver)
                val failure = error ?: if (!started) DataBridgeException("the statement is not a COPY TO STDOUT") else null
                chunks.trySend(failure ?: CopyOutcome(count))
                return true
            }
            else -> Unit
        }
        return false
    }

    override fun fail(cause: DataBridgeException) {
        chunks.trySend(cause)
    }

    /** The collector took a chunk of [size] bytes; any thread. Resumes reading once the buffer has drained. */
    fun taken(size: Int, driver: ConnectionDriver) {
        if (buffered.addAndGet(-size.toLong()) <= BUFFER_LOW && readsPaused.compareAndSet(true, false)) {
            // Re-checked on the loop: the loop may have paused again meanwhile, with fresh chunks to collect.
            driver.transport.eventLoop.execute { if (!readsPaused.get()) driver.transport.resumeReads() }
        }
    }

    /** The collector stopped early: drop the rest, cancel the COPY and resume reading. Loop thread only. */
    fun stop(driver: ConnectionDriver) {
        // Abandoned first: whatever is read from now on is dropped, so nothing can pause reading again.
        driver.abandon(this)
        resumeReads(driver)
    }

    private fun queue(bytes: ByteArray, driver: ConnectionDriver) {
        // Paused before the chunk becomes visible to the collector, so its taking it always sees the pause.
        if (buffered.addAndGet(bytes.size.toLong()) > BUFFER_HIGH) {
            readsPaused.set(true)
            driver.transport.suspendReads()
        }
        chunks.trySend(bytes)
    }

    private fun resumeReads(driver: ConnectionDriver) {
        readsPaused.set(false)
        driver.transport.resumeReads()
    }

    companion object {
        /** Buffered bytes above which reading stops. */
        const val BUFFER_HIGH = 4L shl 20

        /** Buffered bytes at or below which reading resumes. */
        const val BUFFER_LOW = 1L shl 20
    }
}

/** The end marker of a COPY TO STDOUT stream, with the row count of its command tag. */
internal class CopyOutcome(val rows: Long)
