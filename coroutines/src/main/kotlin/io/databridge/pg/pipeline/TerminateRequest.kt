package io.databridge.pg.pipeline

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.writeTerminate
import kotlinx.coroutines.CompletableDeferred

/**
 * Terminate queued behind the requests already submitted, for a graceful close: the server answers those first,
 * then ends the session, and the connection's end completes [ended].
 */
internal class TerminateRequest : PendingRequest() {
    val ended = CompletableDeferred<Unit>()

    override fun writeTo(out: ByteWriter) = out.writeTerminate()

    // Whatever still arrives (a notice, a notification) before the server closes the socket is no answer to wait for.
    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean = false

    override fun fail(cause: DataBridgeException) {
        ended.complete(Unit)
    }
}
