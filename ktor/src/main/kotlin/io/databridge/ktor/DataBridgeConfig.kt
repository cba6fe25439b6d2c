package io.databridge.ktor

import io.databridge.pg.ConnectOptions
import io.databridge.pg.ListenerSettings
import kotlin.time.Duration

/**
 * The `install(DataBridge) { … }` block. Every setting made here overrides the same setting from the environment
 * variables and from the application config (`databridge { url, user, password, pool { … } }`); see [DataBridge].
 */
public class DataBridgeConfig {
    /** A `postgresql://` URI or libpq `key=value` string; it may carry `pool_*` settings. */
    public var url: String? = null

    /** The role to connect as, overriding the one in [url]. */
    public var user: String? = null

    /** The role's password, overriding the one in [url]; it never appears in a message. */
    public var password: String? = null

    /** Pool sizes and timeouts set in code. */
    public val pool: DataBridgePoolConfig = DataBridgePoolConfig()

    /** Sets pool sizes and timeouts in code. */
    public fun pool(configure: DataBridgePoolConfig.() -> Unit) {
        pool.configure()
    }

    /** The migrations applied at start, see [DataBridgeMigrationsConfig]. */
    public val migrations: DataBridgeMigrationsConfig = DataBridgeMigrationsConfig()

    /** Applies migrations while the application starts, before it serves requests; a failure stops the start. */
    public fun migrations(configure: DataBridgeMigrationsConfig.() -> Unit) {
        migrations.configure()
    }

    /** How each connection is opened (transport, event loops, type registry). */
    public var connectOptions: ConnectOptions = ConnectOptions()

    /** How the shared LISTEN connection behind [dataBridgeListener] reconnects and buffers. */
    public var listenerSettings: ListenerSettings = ListenerSettings()

    /**
     * Installs Ktor's `HttpRequestLifecycle { cancelCallOnClose = true }` (unless already installed), so a client that
     * disconnects cancels its call and with it the call's running query (CIO and Netty engines only).
     * On Ktor 3.5's CIO engine that plugin also cancels a call whose request carried `Connection: close` as soon as
     * the request is read (Ktor issue KTOR-9731, fixed upstream after 3.5); behind clients that send it, turn this
     * off or use Netty.
     */
    public var cancelCallsOnDisconnect: Boolean = true

    /** The environment variables consulted (`DATABRIDGE_*`, `DATABASE_URL`, `PG*`); the process's by default. */
    public var environment: Map<String, String> = System.getenv()
}

/**
 * Pool settings of `install(DataBridge) { pool { … } }`; null leaves a setting to the environment, the
 * application config, the URL's `pool_*` options or the default, in that order.
 */
public class DataBridgePoolConfig {
    /** The most connections the pool opens (default 10). */
    public var maxSize: Int? = null

    /** The connections kept open even when idle (default 0). */
    public var minSize: Int? = null

    /** How long a caller may wait for a connection (default 30 s). */
    public var acquireTimeout: Duration? = null

    /** How long a connection lives at most (default 30 min); zero or infinite for forever. */
    public var maxLifetime: Duration? = null

    /** How long an idle connection above [minSize] is kept (default 10 min); zero or infinite for forever. */
    public var idleTimeout: Duration? = null

    /** How long stopping the application waits for borrowed connections before closing them (default 30 s). */
    public var closeTimeout: Duration? = null

    /** A connection borrowed longer than this is reported as a possible leak (default never); zero for never. */
    public var leakThreshold: Duration? = null

    /** How many shared statements one connection pipelines at once (default 16). */
    public var maxSharedInFlight: Int? = null
}
