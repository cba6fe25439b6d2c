package io.databridge.pg.config

import io.databridge.pg.auth.ChannelBindingMode
import java.nio.file.Path
import java.time.Duration

/**
 * Collects connection settings and checks them into a [ConnectionConfig].
 *
 * Settings are kept as libpq-style `key=value` strings; a later call overrides an earlier one for the same key,
 * so explicit setters called after [parse] win over the connection string. `PG*` variables of [environment] fill
 * in only the keys that were never set, as libpq does. Values are validated by [build], all at once.
 */
public class ConnectionConfigBuilder @JvmOverloads constructor(
    environment: Map<String, String> = System.getenv(),
    homeDirectory: Path? = null,
) {
    // A snapshot, so a caller's map changing later cannot change a built configuration.
    private val environment: Map<String, String> = environment.toMap()
    private val homeDirectory: Path? = homeDirectory ?: defaultHome(environment)
    private val given = LinkedHashMap<String, String>()

    /** Applies every setting of a `postgresql://` URI or a libpq `key=value` string. */
    public fun parse(connectionString: String): ConnectionConfigBuilder {
        val pairs = when {
            ConnectionUriParser.isUri(connectionString) -> ConnectionUriParser.parse(connectionString)
            FOREIGN_URI.containsMatchIn(connectionString) -> throw InvalidConfigException(
                "uri",
                "unsupported URI scheme \"${connectionString.substringBefore("://")}\" " +
                    "(expected postgresql:// or postgres://)",
            )
            else -> KeywordValueParser.parse(connectionString)
        }
        for ((key, value) in pairs) set(key, value)
        return this
    }

    /** Sets the setting [key] (libpq spelling) to [value], or removes it when [value] is null. */
    public fun set(key: String, value: String?): ConnectionConfigBuilder {
        SettingKeys.requireKnown(key)
        if (value == null) given.remove(key) else given[key] = value
        return this
    }

    /** Sets the host list (`host`, `port` and `hostaddr` together). */
    public fun hosts(hosts: List<HostSpec>): ConnectionConfigBuilder {
        if (hosts.isEmpty()) throw InvalidConfigException("host", "the host list must not be empty")
        val names = hosts.map { it.host }
        names.firstOrNull { ',' in it }?.let {
            throw InvalidConfigException("host", "host \"$it\" must not contain a comma")
        }
        set("host", names.joinToString(","))
        set("port", hosts.joinToString(",") { it.port.toString() })
        val addrs = hosts.map { (it as? HostSpec.Tcp)?.hostaddr ?: "" }
        set("hostaddr", if (addrs.all { it.isEmpty() }) null else addrs.joinToString(","))
        return this
    }

    /** Sets a single host (name, IP address or Unix socket directory), or a comma-separated list. */
    public fun host(host: String?): ConnectionConfigBuilder = set("host", host)

    /** Sets the port for every host. */
    public fun port(port: Int): ConnectionConfigBuilder = set("port", port.toString())

    /** Sets the database name (defaults to the user name). */
    public fun database(database: String?): ConnectionConfigBuilder = set("dbname", database)

    /** Sets the user name (defaults to `PGUSER`, then the operating-system user). */
    public fun user(user: String?): ConnectionConfigBuilder = set("user", user)

    /** Sets the password; it takes precedence over `PGPASSWORD` and the password file. */
    public fun password(password: String?): ConnectionConfigBuilder = set("password", password)

    /** Sets the password file (defaults to `PGPASSFILE`, then `~/.pgpass`). */
    public fun passFile(file: Path?): ConnectionConfigBuilder = set("passfile", file?.toString())

    /** Sets the TLS mode. */
    public fun sslMode(mode: SslMode): ConnectionConfigBuilder = set("sslmode", mode.libpqName)

    /** Sets how TLS is negotiated. */
    public fun sslNegotiation(negotiation: SslNegotiation): ConnectionConfigBuilder =
        set("sslnegotiation", negotiation.libpqName)

    /** Sets the trusted root certificate file, or `system` for the JDK's default trust store. */
    public fun sslRootCert(file: String?): ConnectionConfigBuilder = set("sslrootcert", file)

    /** Sets the client certificate file. */
    public fun sslCert(file: String?): ConnectionConfigBuilder = set("sslcert", file)

    /** Sets the client private key file. */
    public fun sslKey(file: String?): ConnectionConfigBuilder = set("sslkey", file)

    /** Sets the password protecting the client key. */
    public fun sslPassword(password: String?): ConnectionConfigBuilder = set("sslpassword", password)

    /** Sets whether SCRAM channel binding is used. */
    public fun channelBinding(binding: ChannelBindingMode): ConnectionConfigBuilder =
        set("channel_binding", binding.libpqName)

    /** Sets which kind of server is acceptable among the hosts. */
    public fun targetSessionAttrs(attrs: TargetSessionAttrs): ConnectionConfigBuilder =
        set("target_session_attrs", attrs.libpqName)

    /** Sets whether hosts are tried in random order. */
    public fun loadBalanceHosts(mode: LoadBalanceHosts): ConnectionConfigBuilder =
        set("load_balance_hosts", mode.libpqName)

    /** Sets the connect timeout, rounded up to whole seconds; null waits indefinitely. */
    public fun connectTimeout(timeout: Duration?): ConnectionConfigBuilder =
        set("connect_timeout", timeout?.let { SettingValues.ceilSeconds("connect_timeout", it).toString() } ?: "0")

    /** Sets the `application_name` reported to the server. */
    public fun applicationName(name: String?): ConnectionConfigBuilder = set("application_name", name)

    /** Sets the application name used when none is configured. */
    public fun fallbackApplicationName(name: String?): ConnectionConfigBuilder =
        set("fallback_application_name", name)

    /** Sets the server command-line options (e.g. `-c statement_timeout=5s`). */
    public fun options(options: String?): ConnectionConfigBuilder = set("options", options)

    /** Sets the session's `search_path` (a comma-separated schema list as in `SET search_path`). */
    public fun searchPath(searchPath: String?): ConnectionConfigBuilder = set("search_path", searchPath)

    /** Turns TCP keepalives on or off. */
    public fun keepalives(enabled: Boolean): ConnectionConfigBuilder = set("keepalives", if (enabled) "1" else "0")

    /** Sets the idle time before keepalive probes, in whole seconds; null leaves the system default. */
    public fun keepalivesIdle(idle: Duration?): ConnectionConfigBuilder =
        set("keepalives_idle", idle?.let { SettingValues.ceilSeconds("keepalives_idle", it).toString() })

    /** Sets the interval between keepalive probes, in whole seconds; null leaves the system default. */
    public fun keepalivesInterval(interval: Duration?): ConnectionConfigBuilder =
        set("keepalives_interval", interval?.let { SettingValues.ceilSeconds("keepalives_interval", it).toString() })

    /** Sets how many unanswered probes drop the connection; null leaves the system default. */
    public fun keepalivesCount(count: Int?): ConnectionConfigBuilder = set("keepalives_count", count?.toString())

    /** Sets TCP_USER_TIMEOUT in milliseconds; null leaves the system default. */
    public fun tcpUserTimeout(timeout: Duration?): ConnectionConfigBuilder =
        set("tcp_user_timeout", timeout?.toMillis()?.toString())

    /** Restricts the authentication methods the server may use. */
    public fun requireAuth(requireAuth: RequireAuth): ConnectionConfigBuilder =
        set("require_auth", if (requireAuth == RequireAuth.ANY) null else requireAuth.render())

    /** Sets the lowest protocol version accepted. */
    public fun minProtocolVersion(version: ProtocolVersion): ConnectionConfigBuilder =
        set("min_protocol_version", version.libpqName)

    /** Sets the protocol version requested. */
    public fun maxProtocolVersion(version: ProtocolVersion): ConnectionConfigBuilder =
        set("max_protocol_version", version.libpqName)

    /** Sets the per-connection prepared-statement cache size; 0 uses unnamed statements only. */
    public fun statementCacheSize(size: Int): ConnectionConfigBuilder = set("statement_cache_size", size.toString())

    /** Sets how many rows a streamed result fetches per round trip; 0 fetches all at once. */
    public fun fetchSize(size: Int): ConnectionConfigBuilder = set("fetch_size", size.toString())

    /** Sets the timeout applied to queries that give none; null means no timeout. */
    public fun defaultQueryTimeout(timeout: Duration?): ConnectionConfigBuilder =
        set("default_query_timeout", timeout?.let { SettingValues.formatDuration("default_query_timeout", it) } ?: "0")

    /** Sets the duration from which statements are logged as slow; null means no slow-query log. */
    public fun slowQueryThreshold(threshold: Duration?): ConnectionConfigBuilder =
        set("slow_query_threshold", threshold?.let { SettingValues.formatDuration("slow_query_threshold", it) } ?: "0")

    /** Sets the most connections the pool opens. */
    public fun poolMaxSize(size: Int): ConnectionConfigBuilder = set("pool_max_size", size.toString())

    /** Sets how many connections the pool keeps open when idle. */
    public fun poolMinSize(size: Int): ConnectionConfigBuilder = set("pool_min_size", size.toString())

    /** Sets how long an acquire waits for a connection before failing. */
    public fun poolAcquireTimeout(timeout: Duration): ConnectionConfigBuilder =
        set("pool_acquire_timeout", SettingValues.formatDuration("pool_acquire_timeout", timeout))

    /** Sets how long a pooled connection lives at most; null means forever. */
    public fun poolMaxLifetime(lifetime: Duration?): ConnectionConfigBuilder =
        set("pool_max_lifetime", lifetime?.let { SettingValues.formatDuration("pool_max_lifetime", it) } ?: "0")

    /** Sets how long an idle pooled connection above the minimum is kept; null means forever. */
    public fun poolIdleTimeout(timeout: Duration?): ConnectionConfigBuilder =
        set("pool_idle_timeout", timeout?.let { SettingValues.formatDuration("pool_idle_timeout", it) } ?: "0")

    /** Validates the settings and returns the immutable configuration. */
    public fun build(): ConnectionConfig {
        val effective = LinkedHashMap<String, String>()
        for ((key, envVar) in SettingKeys.ENV_VARS) {
            val value = given[key] ?: envVar?.let { environment[it] }?.takeIf { it.isNotEmpty() } ?: continue
            effective[key] = value
        }
        val startupFromEnv = LinkedHashMap<String, String>()
        for ((envVar, parameter) in SettingKeys.ENV_STARTUP_PARAMETERS) {
            val value = environment[envVar]?.takeIf { it.isNotEmpty() && !it.equals("default", ignoreCase = true) }
            if (value != null) startupFromEnv[parameter] = value
        }
        return ConnectionConfig(
            effective,
            LinkedHashMap(given),
            environment,
            homeDirectory,
            startupFromEnv,
            System.getProperty("user.name"),
        )
    }

    internal fun restore(settings: Map<String, String>): ConnectionConfigBuilder {
        given.putAll(settings)
        return this
    }

    private companion object {
        /** Another URI scheme (e.g. `jdbc:postgresql://`), refused before its text (maybe a password) is echoed. */
        val FOREIGN_URI = Regex("""^[A-Za-z][A-Za-z0-9+.:-]*://""")

        fun defaultHome(environment: Map<String, String>): Path? =
            (environment["HOME"]?.takeIf { it.isNotEmpty() } ?: System.getProperty("user.home"))?.let(Path::of)

    }
}
