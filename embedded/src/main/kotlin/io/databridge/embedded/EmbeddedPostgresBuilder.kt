package io.databridge.embedded

import io.zonky.test.db.postgres.embedded.PgBinaryResolver
import java.time.Duration

/**
 * Describes a cluster to start; fluent for Java (`EmbeddedPostgres.builder().tls().user(...).start()`) and the
 * receiver of the Kotlin DSL (`EmbeddedPostgres.start { tls(); user(...) }`).
 */
public class EmbeddedPostgresBuilder internal constructor() {
    private var binaries: PgBinaryResolver = PgBinaries.default()
    private var port = 0
    private val settings = linkedMapOf("fsync" to "off", "synchronous_commit" to "off", "full_page_writes" to "off")
    private val users = mutableListOf<PostgresUser>()
    private val databases = mutableListOf<DatabaseSpec>()
    private var tls = false
    private var defaultAuth = AuthMethod.TRUST
    private var startupTimeout: Duration = Duration.ofSeconds(60)
    private var launchMode = LaunchMode.valueOf(System.getProperty("databridge.embedded.launchMode", "AUTO").uppercase())
    private var osUser = System.getProperty("databridge.embedded.osUser", "nobody")

    /** Uses other PostgreSQL binaries, e.g. another major version (see [PgBinaries]). */
    public fun binaries(resolver: PgBinaryResolver): EmbeddedPostgresBuilder = apply { binaries = resolver }

    /** Listens on [port] instead of a free port chosen at start. */
    public fun port(port: Int): EmbeddedPostgresBuilder = apply {
        require(port in 1..65535) { "port must be in 1..65535, not $port" }
        this.port = port
    }

    /** Sets a server parameter in the cluster's configuration (as `key = 'value'`). */
    public fun setting(key: String, value: String): EmbeddedPostgresBuilder = apply {
        ServerFiles.requireParameterName(key)
        settings[key] = value
    }

    /** Creates the role [name] at start, authenticating with [auth]; [tlsOnly] admits it over TLS only. */
    @JvmOverloads
    public fun user(
        name: String,
        password: String?,
        auth: AuthMethod,
        tlsOnly: Boolean = false,
        superuser: Boolean = false,
    ): EmbeddedPostgresBuilder = user(PostgresUser(name, password, auth, tlsOnly, superuser))

    /** Creates [user] at start. */
    public fun user(user: PostgresUser): EmbeddedPostgresBuilder = apply {
        require(user.name != SUPERUSER) { "the superuser $SUPERUSER always exists and authenticates with trust" }
        users += user
    }

    /** Creates the database [name] at start, owned by [owner] (the superuser when null). */
    @JvmOverloads
    public fun database(name: String, owner: String? = null): EmbeddedPostgresBuilder = apply {
        require(name.isNotBlank() && name.length <= 63) { "a database name must have 1 to 63 characters" }
        databases += DatabaseSpec(name, owner)
    }

    /** Turns TLS on with a generated CA and server certificate (see [EmbeddedPostgres.tls]). */
    @JvmOverloads
    public fun tls(enabled: Boolean = true): EmbeddedPostgresBuilder = apply { tls = enabled }

    /** The method for roles not declared with [user] (created later by tests); trust unless set. */
    public fun defaultAuth(method: AuthMethod): EmbeddedPostgresBuilder = apply { defaultAuth = method }

    /** How long to wait at most for initdb plus startup. */
    public fun startupTimeout(timeout: Duration): EmbeddedPostgresBuilder = apply {
        require(!timeout.isNegative && !timeout.isZero) { "the startup timeout must be positive" }
        startupTimeout = timeout
    }

    /** How the server processes are run (system property `databridge.embedded.launchMode` by default). */
    public fun launchMode(mode: LaunchMode): EmbeddedPostgresBuilder = apply { launchMode = mode }

    /** The OS user of [LaunchMode.OS_USER] (system property `databridge.embedded.osUser`, else `nobody`). */
    public fun osUser(name: String): EmbeddedPostgresBuilder = apply { osUser = name }

    /** Starts the cluster described so far and waits until it accepts connections. */
    public fun start(): EmbeddedPostgres {
        if (defaultAuth == AuthMethod.CERT || users.any { it.needsTls }) {
            check(tls) { "cert authentication and TLS-only users need tls()" }
        }
        return EmbeddedPostgres.launch(
            ClusterConfig(
                binaries, port, settings.toMap(), users.toList(), databases.toList(), tls, defaultAuth,
                startupTimeout, launchMode, osUser,
            ),
        )
    }

    internal companion object {
        const val SUPERUSER = "postgres"
    }
}
