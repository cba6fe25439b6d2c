package io.databridge.pg.future

import io.databridge.pg.ConnectOptions
import io.databridge.pg.NotificationEvent
import io.databridge.pg.PgListener
import io.databridge.pg.config.ConnectionConfig
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.jdk9.asPublisher

/**
 * A [PgListener] for Java: LISTEN/NOTIFY over one dedicated, self-reconnecting connection; each subscription is a
 * [Flow.Publisher] of [NotificationEvent]s.
 */
public class FuturePgListener private constructor(
    /** The underlying Kotlin listener. */
    public val listener: PgListener,
) : AutoCloseable {
    private val scope = facadeScope()

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

    /** Ends every subscription (their publishers complete) and closes the connection. Idempotent. */
    override fun close() {
        listener.close()
        scope.coroutineContext.cancelChildren()
    }

    override fun toString(): String = "Future$listener"

    /** Opening listeners. */
    public companion object {
        private val connecting = facadeScope()

        /** A listener for a `postgresql://` URI or libpq `key=value` string; completes once it is connected. */
        @JvmStatic
        public fun connect(connectionString: String): CompletableFuture<FuturePgListener> =
            connecting.openFuture { FuturePgListener(PgListener.connect(connectionString)) }

        /** A listener whose connections are opened as [config] says, with engine [options]. */
        @JvmStatic
        public fun connect(config: ConnectionConfig, options: ConnectOptions): CompletableFuture<FuturePgListener> =
            connecting.openFuture { FuturePgListener(PgListener.connect(config, options)) }
    }
}
