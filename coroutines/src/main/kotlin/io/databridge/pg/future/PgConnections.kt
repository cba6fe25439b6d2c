package io.databridge.pg.future

import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.config.ConnectionConfig
import java.util.concurrent.CompletableFuture

/** Opens [FuturePgConnection]s: the entry point for Java code. Cancelling a returned future abandons the attempt. */
public object PgConnections {
    private val connecting = facadeScope()

    /** Connects with a `postgresql://` URI or libpq `key=value` string. */
    @JvmStatic
    public fun connect(connectionString: String): CompletableFuture<FuturePgConnection> =
        connect(connectionString, ConnectOptions())

    /** Connects with a `postgresql://` URI or libpq `key=value` string and engine [options]. */
    @JvmStatic
    public fun connect(connectionString: String, options: ConnectOptions): CompletableFuture<FuturePgConnection> =
        connecting.openFuture { FuturePgConnection(PgConnection.connect(connectionString, options)) }

    /** Connects as [config] says (hosts, TLS, authentication, target_session_attrs). */
    @JvmStatic
    public fun connect(config: ConnectionConfig): CompletableFuture<FuturePgConnection> =
        connect(config, ConnectOptions())

    /** Connects as [config] says with engine [options]. */
    @JvmStatic
    public fun connect(config: ConnectionConfig, options: ConnectOptions): CompletableFuture<FuturePgConnection> =
        connecting.openFuture { FuturePgConnection(PgConnection.connect(config, options)) }
}
