package io.databridge.embedded.pgbouncer

import io.databridge.embedded.AuthMethod
import io.databridge.embedded.EmbeddedPostgres
import java.nio.file.Path
import java.time.Duration

/**
 * Describes a PgBouncer to start in front of an [EmbeddedPostgres]; fluent for Java
 * (`PgBouncer.builder(pg).poolSize(1).start()`) and the receiver of the Kotlin DSL (`PgBouncer.start(pg) { ... }`).
 * Unless [user] says otherwise, the auth file lists the cluster's superuser (in trust mode only, as it has no
 * password) and every user of the cluster that has a password.
 */
public class PgBouncerBuilder internal constructor(private val postgres: EmbeddedPostgres) {
    private var poolMode = PoolMode.TRANSACTION
    private var poolSize = 5
    private var auth = AuthMethod.TRUST
    private val users = linkedMapOf<String, String?>()
    private val settings = linkedMapOf<String, String>()
    private var startupTimeout: Duration = Duration.ofSeconds(20)
    private var osUser = System.getProperty("databridge.embedded.pgbouncer.osUser", "databridge-pgb")
    private var binary: Path? = null

    /** The pooling mode; transaction unless set. */
    public fun poolMode(mode: PoolMode): PgBouncerBuilder = apply { poolMode = mode }

    /** Server connections per user and database (`default_pool_size`); 5 unless set. */
    public fun poolSize(size: Int): PgBouncerBuilder = apply {
        require(size in 1..10_000) { "the pool size must be in 1..10000, not $size" }
        poolSize = size
    }

    /** How clients authenticate to PgBouncer: TRUST (the default), PASSWORD (plain), MD5 or SCRAM_SHA_256. */
    public fun auth(method: AuthMethod): PgBouncerBuilder = apply {
        require(method in supportedAuth) { "PgBouncer here supports ${supportedAuth.joinToString()}, not $method" }
        auth = method
    }

    /** Lists [name] in the auth file with [password], used towards clients and towards the server. */
    public fun user(name: String, password: String?): PgBouncerBuilder = apply {
        require(name.isNotBlank() && name.length <= 63) { "a user name must have 1 to 63 characters" }
        require(name.none { it == '\n' || it == '\r' || it == '"' }) { "a user name for PgBouncer cannot hold quotes or line breaks" }
        require(password == null || password.none { it == '\n' || it == '\r' }) { "a password cannot hold line breaks" }
        users[name] = password
    }

    /** Sets a `[pgbouncer]` setting of the generated ini, e.g. `server_idle_timeout`. */
    public fun setting(key: String, value: String): PgBouncerBuilder = apply {
        require(key.matches(Regex("[a-z_][a-z0-9_]*"))) { "not a PgBouncer setting name: $key" }
        require(value.none { it == '\n' || it == '\r' }) { "a setting value cannot hold line breaks" }
        settings[key] = value
    }

    /** How long to wait at most until PgBouncer accepts connections; 20 s unless set. */
    public fun startupTimeout(timeout: Duration): PgBouncerBuilder = apply {
        require(!timeout.isNegative && !timeout.isZero) { "the startup timeout must be positive" }
        startupTimeout = timeout
    }

    /**
     * The OS user PgBouncer runs as when this JVM runs as root (it refuses root); created as a system user when
     * missing. System property `databridge.embedded.pgbouncer.osUser`, else `databridge-pgb`.
     */
    public fun osUser(name: String): PgBouncerBuilder = apply { osUser = name }

    /** The `pgbouncer` executable; found on PATH or in /usr/sbin and /usr/bin unless set. */
    public fun binary(path: Path): PgBouncerBuilder = apply { binary = path }

    /** Starts PgBouncer and waits until it accepts connections. */
    public fun start(): PgBouncer {
        val listed = if (users.isNotEmpty()) users.toMap() else defaultUsers()
        return PgBouncer.launch(
            BouncerConfig(postgres.host, postgres.port, poolMode, poolSize, auth, listed, settings.toMap(), startupTimeout, osUser, binary),
        )
    }

    private fun defaultUsers(): Map<String, String?> {
        val withPassword = postgres.users.filter { it.password != null }.associate { it.name to it.password }
        return if (auth == AuthMethod.TRUST) mapOf(postgres.superuser to null) + withPassword else withPassword
    }

    private companion object {
        val supportedAuth = setOf(AuthMethod.TRUST, AuthMethod.PASSWORD, AuthMethod.MD5, AuthMethod.SCRAM_SHA_256)
    }
}

/** Everything a builder collected, for [PgBouncer.launch]. */
internal class BouncerConfig(
    val serverHost: String,
    val serverPort: Int,
    val poolMode: PoolMode,
    val poolSize: Int,
    val auth: AuthMethod,
    val users: Map<String, String?>,
    val settings: Map<String, String>,
    val startupTimeout: Duration,
    val osUser: String,
    val binary: Path?,
)
