package io.databridge.pg.cancel

import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.protocol.BackendKeyData
import io.databridge.pg.protocol.writeCancelRequest
import io.databridge.pg.transport.Endpoint
import io.databridge.pg.transport.SocketOptions
import io.databridge.pg.transport.TransportFactory
import io.databridge.pg.transport.TransportHandler
import java.nio.ByteBuffer
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/** Sends CancelRequest (process id + secret key) on a new socket to the server a connection talks to. */
internal object CancelSender {
    private const val WAIT_FOR_SERVER_CLOSE_MILLIS = 5_000L

    suspend fun send(factory: TransportFactory, endpoint: Endpoint, key: BackendKeyData, options: SocketOptions) {
        val transport = factory.connect(endpoint, options)
        try {
            val closed = CompletableDeferred<Unit>()
            withContext(transport.eventLoop) {
                transport.bind(object : TransportHandler {
                    private val sink = ByteBuffer.allocate(64)

                    override fun receiveBuffer(minFree: Int): ByteBuffer = sink.clear()

                    override fun onReceived(count: Int) = Unit

                    override fun onClosed(cause: ConnectionClosedException) {
                        closed.complete(Unit)
                    }
                })
                transport.outbound.writeCancelRequest(key.processId, key.secretKey)
                transport.requestFlush()
            }
            // The server closes the socket once it has read the request; waiting for that keeps the cancel from
            // being lost when the client closes first.
            withTimeoutOrNull(WAIT_FOR_SERVER_CLOSE_MILLIS) { closed.await() }
        } finally {
            transport.close()
        }
    }
}
