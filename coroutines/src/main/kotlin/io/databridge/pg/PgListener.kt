package io.databridge.pg

import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.notify.ChannelName
import io.databridge.pg.notify.listenScript
import io.databridge.pg.notify.unlistenScript
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/**
 * LISTEN/NOTIFY over one dedicated connection shared by every subscriber.
 *
 * The first subscriber of a channel makes the session LISTEN to it and the last one leaving makes it UNLISTEN.
 * When the connection is lost the listener reconnects with a bounded, jittered exponential backoff, LISTENs to
 * every channel still subscribed and emits [NotificationEvent.Reconnected] to every subscriber, since
 * notifications sent meanwhile were missed. [close] ends every flow.
 */
public class PgListener private constructor(
    private val connector: suspend () -> PgConnection,
    private val settings: ListenerSettings,
    first: PgConnection,
) : AutoCloseable {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val closed = MutableStateFlow(false)

    /** Guards [counts], the membership of [active] and [waiting], and every LISTEN/UNLISTEN. */
    private val lock = Mutex()
    private val counts = HashMap<String, Int>()

    /** Subscribers whose channels the current connection LISTENs to; read without the lock by the dispatcher. */
    private val active = CopyOnWriteArrayList<Subscriber>()

    /** Subscribers registered while the connection was down; they become active on reconnection. */
    private val waiting = CopyOnWriteArrayList<Subscriber>()

    /** The usable connection, null while reconnecting or closed. */
    private val current = MutableStateFlow<PgConnection?>(first)

    init {
        // Undispatched, so the first connection's notifications are collected before anyone can LISTEN.
        scope.launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                supervise(first)
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                // A connector throwing something unexpected must not leave the subscribers waiting forever.
                failAll(ConnectionClosedException("the listener failed: $e", e))
            }
        }
    }

    /**
     * A flow of the notifications on [channels]: first [NotificationEvent.Listening] once the session LISTENs, then
     * every [NotificationEvent.Received] and, after a reconnection, [NotificationEvent.Reconnected]. Channel names
     * are checked now ([InvalidChannelNameException]). The flow ends when the listener is closed; collecting it
     * after that throws [ConnectionClosedException].
     */
    public fun listen(vararg channels: String): Flow<NotificationEvent> {
        if (channels.isEmpty()) throw InvalidChannelNameException("listen needs at least one channel")
        val names = channels.mapTo(LinkedHashSet()) { ChannelName.validate(it) }
        return flow {
            val subscriber = Subscriber(names, Channel(settings.subscriberBufferCapacity))
            try {
                register(subscriber)
                for (event in subscriber.inbox) emit(event)
            } finally {
                withContext(NonCancellable) { unregister(subscriber) }
            }
        }
    }

    /** Sends [payload] on [channel] over the listener's connection, bound as parameters (see [PgConnection.notify]). */
    public suspend fun notify(channel: String, payload: String = "") {
        ChannelName.validate(channel)
        val (connection, _) = combine(current, closed, ::Pair).first { (connection, isClosed) -> connection != null || isClosed }
        if (connection == null || closed.value) throw closedError()
        connection.notify(channel, payload)
    }

    /** Ends every subscriber's flow and closes the connection, at once, without suspending. Idempotent. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        scope.cancel()
        current.value?.close()
        current.value = null
        for (subscriber in active + waiting) subscriber.inbox.close()
    }

    /**
     * Closes as [close] does (a listener has no work of its own in flight to wait for; a [notify] still running
     * fails) and returns once the connection has been closed.
     */
    public suspend fun closeGracefully() {
        close()
        scope.coroutineContext.job.join()
    }

    override fun toString(): String = "PgListener(${current.value ?: "not connected"}, subscribers=${active.size + waiting.size})"

    /** The channels the listener's session LISTENs to, as the server reports them (for tests). */
    internal suspend fun serverChannels(): List<String> =
        (current.value ?: throw closedError()).query("SELECT pg_catalog.pg_listening_channels()").rows.map { it.getString(0) }

    /** The backend process of the current connection, 0 while reconnecting (for tests). */
    internal val backendPid: Int get() = current.value?.backendPid ?: 0

    private suspend fun register(subscriber: Subscriber) {
        lock.withLock {
            if (closed.value) throw closedError()
            val fresh = subscriber.channels.filter { it !in counts }
            val connection = current.value
            var listening = connection != null
            if (connection != null && fresh.isNotEmpty()) {
                try {
                    connection.simpleQuery(listenScript(fresh))
                } catch (e: DataBridgeException) {
                    if (connection.isOpen) throw e // refused by the server (e.g. LISTEN on a standby)
                    listening = false // lost: the reconnection will LISTEN for this subscriber
                }
            }
            for (channel in subscriber.channels) counts.merge(channel, 1, Int::plus)
            if (listening) {
                subscriber.offer(NotificationEvent.Listening(subscriber.channels))
                active += subscriber
            } else {
                waiting += subscriber
            }
        }
        // close() may have run between the check above and joining a list; it sets the flag before draining them.
        if (closed.value) subscriber.inbox.close()
    }

    private suspend fun unregister(subscriber: Subscriber) {
        subscriber.inbox.close()
        lock.withLock {
            if (!active.remove(subscriber) && !waiting.remove(subscriber)) return
            val gone = subscriber.channels.filter { channel -> counts.merge(channel, -1) { a, b -> (a + b).takeIf { it > 0 } } == null }
            val connection = current.value ?: return
            if (gone.isEmpty()) return
            try {
                connection.simpleQuery(unlistenScript(gone))
            } catch (e: DataBridgeException) {
                // The connection is gone and its LISTENs with it; a reconnection LISTENs only to counted channels.
            }
        }
    }

    private fun dispatch(notification: Notification) {
        var event: NotificationEvent? = null
        for (subscriber in active) {
            if (notification.channel !in subscriber.channels) continue
            subscriber.offer(event ?: NotificationEvent.Received(notification).also { event = it })
        }
    }

    /** Owns the connection: watches it, and replaces it when it is lost, until the listener is closed. */
    private suspend fun supervise(first: PgConnection) {
        var connection: PgConnection? = first
        var failedInARow = 0
        try {
            while (true) {
                val live = connection ?: return
                val refused = coroutineScope {
                    val pump = launch(start = CoroutineStart.UNDISPATCHED) { live.notifications.collect(::dispatch) }
                    val refused = if (live === first) null else adopt(live)
                    if (refused == null) awaitLoss(live)
                    pump.cancel()
                    refused
                }
                failedInARow = if (refused == null) 0 else failedInARow + 1
                lock.withLock { current.value = null }
                live.close()
                connection = reconnect(failedInARow, refused)
            }
        } finally {
            connection?.close()
        }
    }

    /**
     * LISTENs on [connection] to every subscribed channel, then makes it current and tells the subscribers. Returns
     * why it could not (e.g. the new server is a standby, where LISTEN is refused), which counts as a failed attempt.
     */
    private suspend fun adopt(connection: PgConnection): DataBridgeException? {
        lock.withLock {
            if (counts.isNotEmpty()) {
                try {
                    connection.simpleQuery(listenScript(counts.keys))
                } catch (e: DataBridgeException) {
                    return e
                }
            }
            current.value = connection
            for (subscriber in active) subscriber.offer(NotificationEvent.Reconnected)
            for (subscriber in waiting) subscriber.offer(NotificationEvent.Listening(subscriber.channels))
            active += waiting
            waiting.clear()
        }
        return null
    }

    private suspend fun awaitLoss(connection: PgConnection) {
        var sincePing = Duration.ZERO
        while (connection.isOpen) {
            delay(settings.livenessCheckInterval)
            sincePing += settings.livenessCheckInterval
            if (sincePing < settings.pingInterval) continue
            sincePing = Duration.ZERO
            try {
                connection.query("SELECT 1", timeout = settings.pingTimeout)
            } catch (e: DataBridgeException) {
                return
            }
        }
    }

    /**
     * A new connection, or null when [ListenerSettings.maxReconnectAttempts] attempts in a row failed (the listener
     * is then closed); [failedAttempts] attempts, the last failing with [lastFailure], failed already.
     */
    private suspend fun reconnect(failedAttempts: Int, lastFailure: DataBridgeException?): PgConnection? {
        var attempt = failedAttempts
        var failure = lastFailure
        while (true) {
            if (failure != null && attempt >= settings.maxReconnectAttempts) {
                failAll(ConnectionClosedException("the listener could not reconnect after $attempt attempts: ${failure.message}", failure))
                return null
            }
            delay(settings.reconnectDelay(attempt))
            try {
                return connector()
            } catch (e: DataBridgeException) {
                failure = e
                attempt++
            }
        }
    }

    private fun failAll(cause: DataBridgeException) {
        if (!closed.compareAndSet(false, true)) return
        for (subscriber in active + waiting) subscriber.inbox.close(cause)
        current.value = null
        scope.cancel()
    }

    private fun closedError() = ConnectionClosedException("the listener is closed")

    private inner class Subscriber(val channels: Set<String>, val inbox: Channel<NotificationEvent>) {
        /** Queues [event] without ever waiting: a subscriber that cannot keep up fails instead of stalling others. */
        fun offer(event: NotificationEvent) {
            val result = inbox.trySend(event)
            if (result.isFailure && !result.isClosed) inbox.close(NotificationOverflowException(settings.subscriberBufferCapacity))
        }
    }

    /** Opening listeners. */
    public companion object {
        /** A listener whose connections are opened as [config] says, with engine [options]. */
        public suspend fun connect(
            config: ConnectionConfig,
            options: ConnectOptions = ConnectOptions(),
            settings: ListenerSettings = ListenerSettings(),
        ): PgListener = open(settings) { PgConnection.connect(config, options) }

        /** A listener for a `postgresql://` URI or libpq `key=value` string. */
        public suspend fun connect(
            connectionString: String,
            options: ConnectOptions = ConnectOptions(),
            settings: ListenerSettings = ListenerSettings(),
        ): PgListener = connect(ConnectionConfig.parse(connectionString), options, settings)

        /**
         * A listener whose connections come from [connector] (e.g. a pool's factory); the connection it returns is
         * dedicated to the listener, which closes it. The first one is opened now, so its failure is thrown here.
         */
        public suspend fun open(settings: ListenerSettings = ListenerSettings(), connector: suspend () -> PgConnection): PgListener =
            PgListener(connector, settings, connector())
    }
}
