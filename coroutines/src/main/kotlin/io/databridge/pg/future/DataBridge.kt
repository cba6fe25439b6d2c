package io.databridge.pg.future

import io.databridge.pg.ConnectOptions
import io.databridge.pg.ListenerSettings
import io.databridge.pg.PgConnection
import io.databridge.pg.PgListener
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.config.ConnectionConfig
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor

/**
 * The entry point for Java: connections, pools and listeners are made here, with the option types and names of the
 * Kotlin API ([ConnectOptions], [PgPoolOptions], [ListenerSettings]).
 *
 * [create] without an executor completes every future on the connection's event loop, the thread that received the
 * answer: no thread hop, so callbacks chained with the non-`Async` methods (`thenApply`, `whenComplete`, …) must be
 * short and must never block (no `join()`, no blocking I/O): the loop serves other connections too. Use the `Async`
 * variants with an executor of your own for such work, or [create] with an executor, on which every future then
 * completes (one hop per call). Cancelling a returned future abandons the attempt or cancels the statement.
 */
public class DataBridge private constructor(private val completions: Executor?) {
    /** Connects with a `postgresql://` URI or libpq `key=value` string and engine [options]. */
    @JvmOverloads
    public fun connect(connectionString: String, options: ConnectOptions = ConnectOptions()): CompletableFuture<FuturePgConnection> =
        connect(ConnectionConfig.parse(connectionString), options)

    /** Connects as [config] says (hosts, TLS, authentication, target_session_attrs) with engine [options]. */
    @JvmOverloads
    public fun connect(config: ConnectionConfig, options: ConnectOptions = ConnectOptions()): CompletableFuture<FuturePgConnection> {
        val scope = FacadeScope(completions)
        return scope.open { FuturePgConnection(PgConnection.connect(config, options), scope) }
    }

    /** A pool for a `postgresql://` URI or libpq `key=value` string (sizes and timeouts from its `pool_*` settings). */
    @JvmOverloads
    public fun createPool(connectionString: String, options: PgPoolOptions = PgPoolOptions()): FuturePgPool =
        createPool(ConnectionConfig.parse(connectionString), options)

    /** A pool of connections as [config] says, with engine [options]; connections are opened on first use. */
    @JvmOverloads
    public fun createPool(config: ConnectionConfig, options: PgPoolOptions = PgPoolOptions()): FuturePgPool =
        FuturePgPool(PgPool.create(config, options), FacadeScope(completions))

    /** A LISTEN/NOTIFY listener for a `postgresql://` URI or libpq `key=value` string; completes once connected. */
    @JvmOverloads
    public fun connectListener(
        connectionString: String,
        options: ConnectOptions = ConnectOptions(),
        settings: ListenerSettings = ListenerSettings(),
    ): CompletableFuture<FuturePgListener> = connectListener(ConnectionConfig.parse(connectionString), options, settings)

    /** A listener whose connections are opened as [config] says, with engine [options] and listener [settings]. */
    @JvmOverloads
    public fun connectListener(
        config: ConnectionConfig,
        options: ConnectOptions = ConnectOptions(),
        settings: ListenerSettings = ListenerSettings(),
    ): CompletableFuture<FuturePgListener> {
        val scope = FacadeScope(completions)
        return scope.open { FuturePgListener(PgListener.connect(config, options, settings), scope) }
    }

    override fun toString(): String = "DataBridge(completions=${completions ?: "event loop"})"

    /** Choosing where futures complete. */
    public companion object {
        /** Futures complete on the connection's event loop: no thread hop; chained callbacks must not block. */
        @JvmStatic
        public fun create(): DataBridge = DataBridge(null)

        /** Futures complete on [completions] (one hop per call); chained callbacks may block as that executor allows. */
        @JvmStatic
        public fun create(completions: Executor): DataBridge = DataBridge(completions)
    }
}
