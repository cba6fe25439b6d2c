package io.databridge.pg.pipeline

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter

/**
 * One Sync-terminated unit of the pipeline (or the startup exchange): it writes its messages once and then consumes
 * the server's responses in order until its ReadyForQuery. Touched only on the connection's loop thread.
 */
internal abstract class PendingRequest {
    /** Set when the caller gave up (cancelled): the responses are still consumed, the result is dropped. */
    var abandoned: Boolean = false

    /** Whether the request was written and waits for responses. */
    var written: Boolean = false

    /**
     * Set when the request was already written as a CancelRequest aimed at an earlier one went out: a
     * query_canceled error may then come from that cancel, not from this request's caller.
     */
    var exposedToCancel: Boolean = false

    /** Set once a CancelRequest aimed at this request is being timed for its grace period (the watch runs once). */
    var cancelWatched: Boolean = false

    /** Set once the request left the pipeline: answered through its ReadyForQuery, or failed with the connection. */
    var finished: Boolean = false
        private set

    /** Run once when the request leaves the pipeline (the watch on an abandoned request). */
    var onFinish: (() -> Unit)? = null

    /** Marks the request as out of the pipeline; called by the connection's driver only. */
    fun finish() {
        if (finished) return
        finished = true
        onFinish?.invoke()
    }

    /** Writes the request's messages; must not fail (values were encoded beforehand). */
    abstract fun writeTo(out: ByteWriter)

    /** Consumes one response; returns true when the unit is complete and leaves the queue. */
    abstract fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean

    /** Fails the request (connection lost, protocol error). */
    abstract fun fail(cause: DataBridgeException)

    /** True while the request holds the connection exclusively (a streaming portal before its Sync). */
    open val holdsConnection: Boolean get() = false
}
