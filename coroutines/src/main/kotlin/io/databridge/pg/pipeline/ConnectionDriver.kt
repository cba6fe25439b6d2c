package io.databridge.pg.pipeline

import io.databridge.pg.Notification
import io.databridge.pg.cancel.CancelFence
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.Notice
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.protocol.BackendDecoder
import io.databridge.pg.protocol.BackendKeyData
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.NoticeResponse
import io.databridge.pg.protocol.NotificationResponse
import io.databridge.pg.protocol.ParameterStatus
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.ReportedParameters
import io.databridge.pg.protocol.TransactionStatus
import io.databridge.pg.transport.Transport
import io.databridge.pg.transport.TransportHandler
import java.nio.ByteBuffer
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow

/**
 * The protocol state of one connection: the decoder, the FIFO of written requests, the requests held back while a
 * stream owns the connection, and what the server reported. Every method runs on the transport's loop thread
 * (the threading rule of the transport package), so nothing here is locked.
 */
internal class ConnectionDriver(transport: Transport) : TransportHandler {
    var transport: Transport = transport
        private set

    private val decoder = BackendDecoder()
    private val pending = ArrayDeque<PendingRequest>()
    private val held = ArrayDeque<PendingRequest>()
    private var owner: PendingRequest? = null

    /** Why the connection is unusable, or null while it is open. */
    @Volatile
    var failure: DataBridgeException? = null
        private set

    val parameters = ReportedParameters()

    @Volatile
    var transactionStatus: TransactionStatus = TransactionStatus.IDLE
        private set

    @Volatile
    var backendKey: BackendKeyData? = null

    val notices = MutableSharedFlow<Notice>(extraBufferCapacity = 256, onBufferOverflow = BufferOverflow.DROP_OLDEST)
    val notifications = MutableSharedFlow<Notification>(extraBufferCapacity = 1024, onBufferOverflow = BufferOverflow.DROP_OLDEST)
    val parameterChanges = MutableSharedFlow<ParameterStatus>(extraBufferCapacity = 64, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /**
     * Sends a CancelRequest aimed at the given request, which the server is running now; must report back through
     * [cancelSent] once the server has taken it (or the attempt failed).
     */
    var sendCancel: ((PendingRequest) -> Unit)? = null
    private val cancelWhenHead = HashSet<PendingRequest>()
    private var reachedHeadCancelled: PendingRequest? = null
    private val fence = CancelFence()

    /** Hears every notice and the end of the connection (the connection's log); null when nothing listens. */
    var onNotice: ((Notice) -> Unit)? = null
    var onShutDown: ((DataBridgeException) -> Unit)? = null

    /** Switches to [next] (the TLS layer) and reads from it. */
    fun bindTo(next: Transport) {
        transport = next
        next.bind(this)
    }

    /** Writes [request] now, or holds it while a stream owns the connection; fails it at once when closed. */
    fun submit(request: PendingRequest) {
        val closed = failure
        if (closed != null) {
            request.fail(closedError(closed))
            return
        }
        if (owner != null || fence.isUp) held.addLast(request) else write(request)
    }

    /** Messages written by a request while it is in flight (authentication answers, next stream batch). */
    inline fun send(block: ByteWriter.() -> Unit) {
        if (failure != null) return
        transport.outbound.block()
        transport.requestFlush()
    }

    /** Whether nothing is in flight, held or owning the connection, no cancel is on its way and nobody awaits notifications. */
    val isQuiet: Boolean
        get() = failure == null && pending.isEmpty() && held.isEmpty() && owner == null && !fence.isUp &&
            notifications.subscriptionCount.value == 0

    /** Whether [request] is the only request written and not yet answered. */
    fun isOnlyInFlight(request: PendingRequest): Boolean = pending.size == 1 && pending.first() === request

    /** The owning stream wrote its Sync: the held requests may follow it. */
    fun release(request: PendingRequest) {
        if (owner !== request) return
        owner = null
        writeHeld()
    }

    /**
     * The caller of [request] gave up; its result is dropped from now on. A held request is never sent. The request
     * the server runs now is cancelled at once; one queued behind others only once it reaches the head and is still
     * running, since PostgreSQL cancels whatever the backend runs when the signal lands.
     */
    fun abandon(request: PendingRequest) {
        request.abandoned = true
        if (held.remove(request)) return
        if (!request.written || failure != null) return
        if (pending.firstOrNull() === request) cancel(request) else cancelWhenHead += request
    }

    /**
     * Sends the cancel for [request] again while it still runs at the head. A signal that lands while the backend is
     * between two messages (it has answered the request before and not yet started this one) is dropped by
     * PostgreSQL, and the request would then run to its end. New requests are still held by the fence, and a request
     * already written behind this one would be the backend's next work: if [request] ended just before the signal
     * landed, that one would be cancelled instead. So the cancel is sent again only while [request] is the last one
     * written; otherwise the grace period alone bounds the wait.
     */
    fun recancel(request: PendingRequest) {
        if (failure != null || request.finished || !isOnlyInFlight(request)) return
        val send = sendCancel ?: return
        if (fence.resend(request)) send(request)
    }

    /** The CancelRequest for [request] reached the server (or failed): held requests may follow once it ended. */
    fun cancelSent(request: PendingRequest) {
        if (fence.delivered(request)) writeHeld()
    }

    private fun cancel(request: PendingRequest) {
        val send = sendCancel ?: return
        // One cancel at a time: while one is on its way, later requests are held so that it cannot hit them.
        if (!fence.raise(request)) return
        // Those already written may still be hit if the target ends just before the signal lands.
        for (other in pending) if (other !== request) other.exposedToCancel = true
        send(request)
    }

    private fun writeHeld() {
        while (owner == null && !fence.isUp && failure == null) write(held.removeFirstOrNull() ?: return)
    }

    private fun write(request: PendingRequest) {
        request.writeTo(transport.outbound)
        request.written = true
        pending.addLast(request)
        if (request.holdsConnection) owner = request
        transport.requestFlush()
    }

    override fun receiveBuffer(minFree: Int): ByteBuffer = decoder.receiveBuffer(minFree)

    override fun onReceived(count: Int) {
        if (failure != null) return
        decoder.received(count)
        while (failure == null) {
            val message = try {
                decoder.next()
            } catch (e: ProtocolException) {
                shutDown(e)
                return
            } ?: break
            dispatch(message)
        }
        reachedHeadCancelled?.let { cancelIfStillRunning(it) }
    }

    // Decided once the received bytes are consumed: a short request's whole answer often arrives with its
    // predecessor's, and then there is nothing left to cancel.
    private fun cancelIfStillRunning(request: PendingRequest) {
        reachedHeadCancelled = null
        if (failure == null && pending.firstOrNull() === request) cancel(request)
    }

    override fun onClosed(cause: ConnectionClosedException) {
        shutDown(cause)
    }

    /** Closes the connection because of [cause] and fails everything in flight or held with it. */
    fun shutDown(cause: DataBridgeException) {
        if (failure != null) return
        failure = cause
        transport.close()
        val victims = ArrayList<PendingRequest>(pending.size + held.size)
        victims.addAll(pending)
        victims.addAll(held)
        pending.clear()
        held.clear()
        owner = null
        cancelWhenHead.clear()
        reachedHeadCancelled = null
        fence.clear()
        for (request in victims) {
            request.fail(cause)
            request.finish()
        }
        onShutDown?.invoke(cause)
    }

    private fun dispatch(message: BackendMessage) {
        when (message) {
            is ParameterStatus -> {
                try {
                    parameters.record(message)
                } catch (e: ProtocolException) {
                    shutDown(e)
                    return
                }
                parameterChanges.tryEmit(message)
                return
            }
            is NoticeResponse -> {
                val notice = Notice(message.fields)
                notices.tryEmit(notice)
                onNotice?.invoke(notice)
                return
            }
            is NotificationResponse -> {
                notifications.tryEmit(Notification(message.processId, message.channel, message.payload))
                return
            }
            is ReadyForQuery -> transactionStatus = message.status
            else -> Unit
        }
        val head = pending.firstOrNull()
        if (head == null) {
            // A FATAL error with nothing in flight: the server is about to close (e.g. pg_terminate_backend).
            shutDown(
                if (message is ErrorResponse) ConnectionClosedException("the server closed the session: " + PgServerException.fromFields(message.fields).message)
                else ProtocolException("unexpected ${message.javaClass.simpleName} while no request is in flight"),
            )
            return
        }
        val done = try {
            head.handle(message, this)
        } catch (e: DataBridgeException) {
            shutDown(e)
            return
        } catch (e: RuntimeException) {
            shutDown(ProtocolException("cannot process ${message.javaClass.simpleName}: ${e.message}", cause = e))
            return
        }
        if (done && failure == null) {
            val answered = pending.removeFirst()
            answered.finish()
            if (fence.ended(answered)) writeHeld()
            val next = pending.firstOrNull()
            if (next != null && cancelWhenHead.remove(next)) reachedHeadCancelled = next
        }
    }

    /** The exception for requests submitted after the connection ended. */
    fun closedError(cause: DataBridgeException = failure!!): DataBridgeException =
        cause as? ConnectionClosedException ?: ConnectionClosedException("the connection is closed: ${cause.message}", cause)
}
