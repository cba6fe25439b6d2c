package io.databridge.pg.future

import io.databridge.pg.NotificationEvent
import io.databridge.pg.PgListener
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import kotlinx.coroutines.jdk9.asPublisher

/**
 * A [PgListener] for Java: LISTEN/NOTIFY over one dedicated, self-reconnecting connection; each subscription is a
 * [Flow.Publisher] of [NotificationEvent]s.
 */
public class FuturePgListener internal constructor(
    /** The underlying Kotlin listener. */
    public val listener: PgListener,
    private val scope: FacadeScope,
) : AutoCloseable {
    /**
     * Publishes the events of a subscription to [channels]: [NotificationEvent.Listening] once the session LISTENs,
     * then [NotificationEvent.Received] per notification and [NotificationEvent.Reconnected] after a reconnection.
     * Each subscriber of the publisher is a subscription of its own; cancelling it UNLISTENs when it was the last.
     */
    public fun listen(vararg channels: String): Flow.Publisher<NotificationEvent> =
        listener.listen(*channels).asPublisher()

    /** Sends [payload] on [channel] over the listener's connection; completes once the server accepted it. */
    public fun notify(channel: String, payload: String): CompletableFuture<Void?> = scope.call {
        listener.notify(channel, payload)
        null
    }

    /** Ends every subscription (their publishers complete) and closes the connection, at once. Idempotent. */
    override fun close() {
        listener.close()
        scope.cancelRunning()
    }

    /** Closes as [close] does; the returned future completes once the connection is closed. */
    public fun closeGracefully(): CompletableFuture<Void?> = scope.closeGracefully { listener.closeGracefully() }

    override fun toString(): String = "Future$listener"
}
