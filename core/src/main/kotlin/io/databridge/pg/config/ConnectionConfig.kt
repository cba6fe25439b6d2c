package io.databridge.pg.config

import io.databridge.pg.auth.ChannelBindingMode
import java.nio.file.Path
import java.time.Duration
import java.util.Collections

/**
 * The immutable, validated settings of a PostgreSQL connection (and its pool), libpq-compatible.
 *
 * Built from a `postgresql://` URI or a libpq `key=value` string ([parse]), `PG*` environment variables
 * ([fromEnvironment]) and explicit setters ([builder], [toBuilder], [copy]). Precedence, highest first: explicit
 * setters applied after parsing, the connection string, the environment, the defaults; for the password:
 * the settings, then `PGPASSWORD`, then the password file ([passwordFor]).
 *
 * [toString] and [toUri] never show `password` or `sslpassword`.
 *
 * data-bridge's own duration settings (`default_query_timeout`, `slow_query_threshold`, `pool_*_timeout`,
 * `pool_max_lifetime`) take an integer with an optional unit `ms`, `s`, `min`, `h` or `d`; without a unit they count
 * seconds; `0` means none where a property is nullable. libpq's own timeouts keep libpq's units (seconds; `tcp_user_timeout` in ms).
 * `gssencmode=prefer` (libpq's default) is accepted and degrades to `disable`, noted in [notes]; `gssencmode=require`
 * and physical `replication` connections are refused, as data-bridge implements neither; `replication=database`
 * (logical replication, for `io.databridge.pg.replication.ReplicationConnection`) is accepted.
 */
public class ConnectionConfig internal constructor(
    private val settings: Map<String, String>,
    private val given: Map<String, String>,
    private val environment: Map<String, String>,
    private val homeDirectory: Path?,
    private val startupFromEnvironment: Map<String, String>,
    osUser: String?,
) {
    init {
        for ((key, value) in settings) {
            if ('\u0000' in value) {
                throw InvalidConfigException(
                    key,
                    "connection option \"$key\" must not contain a NUL character" +
                        if (isSecretKey(key)) "" else ": \"${value.replace("\u0000", "\\0")}\"",
                )
            }
        }
    }

    private fun text(key: String): String? = settings[key]?.takeIf { it.isNotEmpty() }

    private inline fun <T> value(key: String, parse: (String) -> T): T? = settings[key]?.let { parse(it) }

    private val noteList = ArrayList<String>()

    /** The servers to try, in order (before any load balancing). */
    public val hosts: List<HostSpec> =
        HostListResolver.resolve(settings["host"], settings["hostaddr"], settings["port"])

    /** The user name: `user`, else `PGUSER`, else the operating-system user. */
    public val user: String = text("user") ?: osUser?.takeIf { it.isNotEmpty() }
        ?: throw InvalidConfigException("user", "no user name given and the operating-system user is unknown")

    /** The database: `dbname`, else `PGDATABASE`, else the user name. */
    public val database: String = text("dbname") ?: user

    /** The password given in the settings or `PGPASSWORD`, or null (then [passwordFor] consults the password file). */
    public val password: String? = text("password")

    /** The password file consulted when no password is given: `passfile`, `PGPASSFILE`, or `~/.pgpass`. */
    public val passFile: Path? = text("passfile")?.let { Path.of(it) } ?: homeDirectory?.resolve(".pgpass")

    /** The trusted root certificates file, `system` for the JDK's trust store, or null for the default. */
    public val sslRootCert: String? = text("sslrootcert")

    /** Whether [sslRootCert] is the special value `system`. */
    public val usesSystemTrustStore: Boolean get() = sslRootCert == "system"

    /** The TLS mode; `prefer` by default, `verify-full` by default when [sslRootCert] is `system` (as libpq). */
    public val sslMode: SslMode = value("sslmode") { parseLibpqEnum<SslMode>("sslmode", it) }
        ?: if (sslRootCert == "system") SslMode.VERIFY_FULL else SslMode.PREFER

    /** How TLS is started. */
    public val sslNegotiation: SslNegotiation =
        value("sslnegotiation") { parseLibpqEnum<SslNegotiation>("sslnegotiation", it) } ?: SslNegotiation.POSTGRES

    /** The client certificate file, or null. */
    public val sslCert: String? = text("sslcert")

    /** The client private key file, or null. */
    public val sslKey: String? = text("sslkey")

    /** The password of the client key, or null. Never printed. */
    public val sslPassword: String? = text("sslpassword")

    /** Whether SCRAM channel binding is used. */
    public val channelBinding: ChannelBindingMode =
        value("channel_binding") { parseLibpqEnum<ChannelBindingMode>("channel_binding", it) } ?: ChannelBindingMode.PREFER

    /** Which kind of server is acceptable. */
    public val targetSessionAttrs: TargetSessionAttrs =
        value("target_session_attrs") { parseLibpqEnum<TargetSessionAttrs>("target_session_attrs", it) }
            ?: TargetSessionAttrs.ANY

    /** Whether hosts are tried in random order. */
    public val loadBalanceHosts: LoadBalanceHosts =
        value("load_balance_hosts") { parseLibpqEnum<LoadBalanceHosts>("load_balance_hosts", it) }
            ?: LoadBalanceHosts.DISABLE

    /**
     * How long one connection attempt (per host: socket, TLS, startup) may take, or null to wait indefinitely.
     * Unset, it is [DEFAULT_CONNECT_TIMEOUT] (10 s, as pgjdbc), so a server that accepts and stays silent cannot hold
     * an attempt. As in libpq, 0 and negative values mean indefinitely and 1 second is raised to the minimum of 2.
     */
    public val connectTimeout: Duration? = value("connect_timeout") { SettingValues.int("connect_timeout", it) }
        .let { seconds ->
            when {
                seconds == null -> DEFAULT_CONNECT_TIMEOUT
                seconds > 0 -> Duration.ofSeconds(maxOf(seconds, 2).toLong())
                else -> null
            }
        }

    /** The `application_name` sent to the server, or null. */
    public val applicationName: String? = text("application_name")

    /** The application name used when [applicationName] is not set, or null. */
    public val fallbackApplicationName: String? = text("fallback_application_name")

    /** The server command-line options (`-c name=value …`), or null. */
    public val options: String? = text("options")

    /** Whether `replication=database` asks for a logical replication connection (walsender speaking SQL too). */
    public val isLogicalReplication: Boolean = settings["replication"]?.lowercase() == "database"

    /** The `search_path` set at connection start, or null for the server's default. */
    public val searchPath: String? = text("search_path")

    /** Whether TCP keepalives are on (default true). */
    public val keepalives: Boolean = value("keepalives") { SettingValues.intFlag("keepalives", it) } ?: true

    /** Idle time before the first keepalive probe, or null for the system default. */
    public val keepalivesIdle: Duration? =
        value("keepalives_idle") { SettingValues.seconds("keepalives_idle", it) }?.takeIf { !it.isZero }

    /** Time between keepalive probes, or null for the system default. */
    public val keepalivesInterval: Duration? =
        value("keepalives_interval") { SettingValues.seconds("keepalives_interval", it) }?.takeIf { !it.isZero }

    /** Unanswered probes before the connection is dropped, or null for the system default. */
    public val keepalivesCount: Int? =
        value("keepalives_count") { SettingValues.nonNegativeInt("keepalives_count", it) }?.takeIf { it > 0 }

    /** TCP_USER_TIMEOUT, or null for the system default. */
    public val tcpUserTimeout: Duration? =
        value("tcp_user_timeout") { SettingValues.nonNegativeInt("tcp_user_timeout", it) }
            ?.takeIf { it > 0 }?.let { Duration.ofMillis(it.toLong()) }

    /** GSSAPI encryption: always [GssEncMode.DISABLE] in effect (`prefer` degrades to it; `require` is refused). */
    public val gssEncMode: GssEncMode = GssEncMode.DISABLE

    /** The authentication methods the server may use. */
    public val requireAuth: RequireAuth = value("require_auth") { RequireAuth.parse(it) } ?: RequireAuth.ANY

    /** The lowest protocol version accepted (default 3.0). */
    public val minProtocolVersion: ProtocolVersion =
        value("min_protocol_version") { ProtocolVersion.parse("min_protocol_version", it) } ?: ProtocolVersion.V3_0

    /** The protocol version requested: 3.0 by default as in libpq 18, or `latest` when the minimum is higher. */
    public val maxProtocolVersion: ProtocolVersion =
        value("max_protocol_version") { ProtocolVersion.parse("max_protocol_version", it) }
            ?: if (minProtocolVersion > ProtocolVersion.V3_0) ProtocolVersion.LATEST else ProtocolVersion.V3_0

    /** Prepared statements cached per connection (default 256); 0 means unnamed statements only. */
    public val statementCacheSize: Int =
        value("statement_cache_size") { SettingValues.nonNegativeInt("statement_cache_size", it) } ?: 256

    /** Rows fetched per round trip when a result is streamed; 0 (the default) fetches all rows at once. */
    public val fetchSize: Int = value("fetch_size") { SettingValues.nonNegativeInt("fetch_size", it) } ?: 0

    /** The timeout of queries that give none, or null (the default) for none. */
    public val defaultQueryTimeout: Duration? =
        value("default_query_timeout") { SettingValues.duration("default_query_timeout", it) }?.takeIf { !it.isZero }

    /** Statements taking at least this long are logged as slow (through SLF4J), or null (the default) for none. */
    public val slowQueryThreshold: Duration? =
        value("slow_query_threshold") { SettingValues.duration("slow_query_threshold", it) }?.takeIf { !it.isZero }

    /** The most connections a pool opens (default 10). */
    public val poolMaxSize: Int = value("pool_max_size") { SettingValues.positiveInt("pool_max_size", it) } ?: 10

    /** The connections a pool keeps open even when idle (default 0). */
    public val poolMinSize: Int = value("pool_min_size") { SettingValues.nonNegativeInt("pool_min_size", it) } ?: 0

    /** How long acquiring a pooled connection may wait (default 30 s). */
    public val poolAcquireTimeout: Duration =
        value("pool_acquire_timeout") { SettingValues.duration("pool_acquire_timeout", it) } ?: Duration.ofSeconds(30)

    /** How long a pooled connection lives at most (default 30 min), or null for forever (`0`). */
    public val poolMaxLifetime: Duration? =
        (value("pool_max_lifetime") { SettingValues.duration("pool_max_lifetime", it) } ?: Duration.ofMinutes(30))
            .takeIf { !it.isZero }

    /** How long an idle pooled connection above the minimum is kept (default 10 min), or null for forever (`0`). */
    public val poolIdleTimeout: Duration? =
        (value("pool_idle_timeout") { SettingValues.duration("pool_idle_timeout", it) } ?: Duration.ofMinutes(10))
            .takeIf { !it.isZero }

    /** Remarks about settings that were accepted but changed in meaning (e.g. `gssencmode=prefer`), for logs. */
    public val notes: List<String> get() = Collections.unmodifiableList(noteList)

    init {
        checkCombinations()
        checkUnsupported()
    }

    private fun checkCombinations() {
        if (sslRootCert == "system" && sslMode != SslMode.VERIFY_FULL) {
            throw InvalidConfigException(
                "sslmode",
                "weak sslmode \"${sslMode.libpqName}\" may not be used with sslrootcert=system (use \"verify-full\")",
            )
        }
        if (sslNegotiation == SslNegotiation.DIRECT && !sslMode.requiresTls) {
            throw InvalidConfigException(
                "sslnegotiation",
                "weak sslmode \"${sslMode.libpqName}\" may not be used with sslnegotiation=direct " +
                    "(use \"require\", \"verify-ca\", or \"verify-full\")",
            )
        }
        if (channelBinding == ChannelBindingMode.REQUIRE && sslMode == SslMode.DISABLE) {
            throw InvalidConfigException(
                "channel_binding",
                "channel_binding \"require\" is incompatible with sslmode \"disable\": channel binding needs TLS",
            )
        }
        if (minProtocolVersion > maxProtocolVersion) {
            throw InvalidConfigException(
                "min_protocol_version",
                "min_protocol_version \"${minProtocolVersion.libpqName}\" is greater than max_protocol_version " +
                    "\"${maxProtocolVersion.libpqName}\"",
            )
        }
        if (poolMinSize > poolMaxSize) {
            throw InvalidConfigException(
                "pool_min_size",
                "pool_min_size $poolMinSize is greater than pool_max_size $poolMaxSize",
            )
        }
        if (poolAcquireTimeout.isZero) {
            throw InvalidConfigException("pool_acquire_timeout", "pool_acquire_timeout must be greater than zero")
        }
    }

    private fun checkUnsupported() {
        when (value("gssencmode") { parseLibpqEnum<GssEncMode>("gssencmode", it) }) {
            GssEncMode.REQUIRE -> throw InvalidConfigException(
                "gssencmode",
                "gssencmode \"require\" is not supported: data-bridge does not implement GSSAPI encryption " +
                    "(use \"disable\" or \"prefer\")",
            )
            GssEncMode.PREFER -> noteList += "gssencmode \"prefer\" treated as \"disable\": data-bridge does not " +
                "implement GSSAPI encryption"
            GssEncMode.DISABLE, null -> Unit
        }
        settings["replication"]?.let { replication ->
            when (replication.lowercase()) {
                "0", "false", "off", "no" -> Unit
                "database" -> Unit
                "1", "true", "on", "yes" -> throw InvalidConfigException(
                    "replication",
                    "replication \"$replication\" (physical replication) is not supported: " +
                        "data-bridge speaks logical replication only (replication=database)",
                )
                else -> throw InvalidConfigException("replication", "invalid replication value: \"$replication\"")
            }
        }
        settings["client_encoding"]?.let { encoding ->
            if (encoding.uppercase().replace("-", "").replace("_", "") !in setOf("UTF8", "UNICODE", "AUTO")) {
                throw InvalidConfigException(
                    "client_encoding",
                    "client_encoding \"$encoding\" is not supported: data-bridge exchanges text as UTF8 only",
                )
            }
        }
    }

    /** Where the password for [host] comes from: the settings, else the first matching password-file line. */
    public fun passwordFor(host: HostSpec): PasswordLookup {
        password?.let { return PasswordLookup.Given(it) }
        val file = passFile ?: return PasswordLookup.Missing(null)
        return PassFile.lookup(file, host, database, user)
    }

    /**
     * The parameters of the StartupMessage, in the order sent: `user`, `database`, then `options`,
     * `application_name` (or the fallback), `client_encoding` (always `UTF8`), `search_path` (any run-time
     * setting may be sent as a startup parameter), and `datestyle`/`timezone`/`geqo` from `PGDATESTYLE`/`PGTZ`/
     * `PGGEQO` as libpq sends them.
     */
    public fun startupParameters(): Map<String, String> {
        val params = LinkedHashMap<String, String>()
        params["user"] = user
        params["database"] = database
        options?.let { params["options"] = it }
        (applicationName ?: fallbackApplicationName)?.let { params["application_name"] = it }
        params["client_encoding"] = "UTF8"
        searchPath?.let { params["search_path"] = it }
        if (isLogicalReplication) params["replication"] = "database"
        params.putAll(startupFromEnvironment)
        return params
    }

    /**
     * A `postgresql://` URI describing this configuration without secrets (no `password`, no `sslpassword`);
     * parsing it gives back the same settings except those two.
     */
    public fun toUri(): String = ConnectionUriWriter.write(hosts, user, database, settings)

    /** A builder holding this configuration's settings, to derive a changed one. */
    public fun toBuilder(): ConnectionConfigBuilder =
        ConnectionConfigBuilder(environment, homeDirectory).restore(given)

    /** A copy with the changes made by [changes] on a builder. */
    public fun copy(changes: ConnectionConfigBuilder.() -> Unit): ConnectionConfig =
        toBuilder().apply(changes).build()

    override fun equals(other: Any?): Boolean =
        other is ConnectionConfig && other.settings == settings && other.passFile == passFile &&
            other.user == user && other.startupFromEnvironment == startupFromEnvironment

    override fun hashCode(): Int = settings.hashCode()

    override fun toString(): String = buildString {
        append("ConnectionConfig(").append(toUri())
        if (password != null) append(", password=***")
        if (sslPassword != null) append(", sslpassword=***")
        append(')')
    }

    /** Entry points for building a [ConnectionConfig]. */
    public companion object {
        /** The connect timeout when `connect_timeout` is not set: 10 seconds, pgjdbc's default. */
        @JvmField
        public val DEFAULT_CONNECT_TIMEOUT: Duration = Duration.ofSeconds(10)

        /** Parses a `postgresql://` URI or a libpq `key=value` string over the `PG*` variables of [environment]. */
        @JvmStatic
        @JvmOverloads
        public fun parse(
            connectionString: String,
            environment: Map<String, String> = System.getenv(),
            homeDirectory: Path? = null,
        ): ConnectionConfig = ConnectionConfigBuilder(environment, homeDirectory).parse(connectionString).build()

        /** The configuration libpq would use with no connection string: the `PG*` variables and the defaults. */
        @JvmStatic
        @JvmOverloads
        public fun fromEnvironment(
            environment: Map<String, String> = System.getenv(),
            homeDirectory: Path? = null,
        ): ConnectionConfig = ConnectionConfigBuilder(environment, homeDirectory).build()

        /** A builder with no settings yet; `PG*` variables of [environment] fill in what is left unset. */
        @JvmStatic
        @JvmOverloads
        public fun builder(
            environment: Map<String, String> = System.getenv(),
            homeDirectory: Path? = null,
        ): ConnectionConfigBuilder = ConnectionConfigBuilder(environment, homeDirectory)
    }
}
