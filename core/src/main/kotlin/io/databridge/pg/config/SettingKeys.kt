package io.databridge.pg.config

/** The setting names data-bridge understands, with the `PG*` environment variable that supplies each default. */
internal object SettingKeys {
    /**
     * Every accepted key in the order the configuration reference lists them, with its `PG*` variable, default and
     * meaning. docs/configuration.md is generated from this list (core's `ConfigurationReferenceSpec` keeps it in step).
     */
    val DEFINITIONS: List<SettingDefinition> = listOf(
        SettingDefinition("host", "PGHOST", "`localhost`", "Server host names, IP addresses or Unix-socket directories, comma-separated for a host list (tried in order, see `target_session_attrs`)."),
        SettingDefinition("hostaddr", "PGHOSTADDR", "none", "Numeric IP addresses used instead of resolving `host`; `host` still names the server for TLS verification and the password file."),
        SettingDefinition("port", "PGPORT", "`5432`", "Server ports, one for all hosts or one per host."),
        SettingDefinition("dbname", "PGDATABASE", "the user name", "The database to connect to."),
        SettingDefinition("user", "PGUSER", "the operating-system user", "The role to connect as."),
        SettingDefinition("password", "PGPASSWORD", "none", "The password; never printed in `toString`, `toUri`, logs or exception messages."),
        SettingDefinition("passfile", "PGPASSFILE", "`~/.pgpass`", "The password file consulted when no password is given (libpq's format; ignored when group or others have any access to it, as in libpq)."),
        SettingDefinition("sslmode", "PGSSLMODE", "`prefer` (`verify-full` with `sslrootcert=system`)", "TLS: `disable`, `allow`, `prefer`, `require`, `verify-ca` or `verify-full`, as in libpq."),
        SettingDefinition("sslnegotiation", "PGSSLNEGOTIATION", "`postgres`", "How TLS starts: `postgres` (SSLRequest first) or `direct` (TLS with ALPN `postgresql` at once, PostgreSQL 17+; needs `sslmode` `require` or stronger)."),
        SettingDefinition("sslrootcert", "PGSSLROOTCERT", "none (verification uses the JDK's trust store)", "Trusted root certificates (PEM file), or `system` for the JDK's trust store; unlike libpq, `~/.postgresql/root.crt` is not read implicitly."),
        SettingDefinition("sslcert", "PGSSLCERT", "none", "The client certificate (PEM) for certificate authentication; used together with `sslkey` (`~/.postgresql/` is not read implicitly)."),
        SettingDefinition("sslkey", "PGSSLKEY", "none", "The client certificate's private key (PEM, PKCS#1 or PKCS#8, encrypted with `sslpassword` or not)."),
        SettingDefinition("sslpassword", null, "none", "The password of an encrypted `sslkey`; never printed."),
        SettingDefinition("channel_binding", "PGCHANNELBINDING", "`prefer`", "SCRAM channel binding (`SCRAM-SHA-256-PLUS` over TLS): `disable`, `prefer` or `require`."),
        SettingDefinition("target_session_attrs", "PGTARGETSESSIONATTRS", "`any`", "Which server of a host list is acceptable: `any`, `read-write`, `read-only`, `primary`, `standby` or `prefer-standby`."),
        SettingDefinition("load_balance_hosts", "PGLOADBALANCEHOSTS", "`disable`", "`random` tries the hosts in random order (per connection), spreading load over replicas."),
        SettingDefinition("connect_timeout", "PGCONNECT_TIMEOUT", "`10` (seconds)", "Seconds one connection attempt (per host: socket, TLS, startup) may take; `0` waits indefinitely, `1` is raised to `2` as in libpq."),
        SettingDefinition("application_name", "PGAPPNAME", "none", "The `application_name` the server shows in `pg_stat_activity` and logs."),
        SettingDefinition("fallback_application_name", null, "none", "The application name used when `application_name` is not set."),
        SettingDefinition("options", "PGOPTIONS", "none", "Server command-line options sent at startup, e.g. `-c statement_timeout=5s`."),
        SettingDefinition("client_encoding", "PGCLIENTENCODING", "`UTF8`", "Only `UTF8` (or `auto`) is accepted: data-bridge exchanges text as UTF-8."),
        SettingDefinition("keepalives", null, "`1` (on)", "TCP keepalive on the socket: `1` on, `0` off."),
        SettingDefinition("keepalives_idle", null, "the system's", "Seconds of idleness before the first keepalive probe."),
        SettingDefinition("keepalives_interval", null, "the system's", "Seconds between keepalive probes."),
        SettingDefinition("keepalives_count", null, "the system's", "Unanswered probes before the connection is considered dead."),
        SettingDefinition("tcp_user_timeout", null, "the system's", "Milliseconds transmitted data may stay unacknowledged before the connection is dropped (Linux `TCP_USER_TIMEOUT`); refused on a transport that cannot apply it."),
        SettingDefinition("replication", null, "off", "`database` opens a logical replication connection (for `ReplicationConnection`); physical replication (`true`) is refused."),
        SettingDefinition("gssencmode", "PGGSSENCMODE", "`prefer` (treated as `disable`)", "GSSAPI encryption is not implemented: `prefer` degrades to `disable`, `require` is refused."),
        SettingDefinition("require_auth", "PGREQUIREAUTH", "any method", "The authentication methods the server may ask for (`password`, `md5`, `scram-sha-256`, `none`, a `!` prefix to exclude, comma-separated); a server that skips authentication is refused unless `none` is allowed."),
        SettingDefinition("min_protocol_version", "PGMINPROTOCOLVERSION", "`3.0`", "The lowest protocol version accepted (`3.0`, `3.2` or `latest`)."),
        SettingDefinition("max_protocol_version", "PGMAXPROTOCOLVERSION", "`3.0` (`latest` when the minimum is higher)", "The protocol version requested; a server offering a version above it is refused."),
        SettingDefinition("search_path", null, "the server's", "The session's `search_path`, sent as a startup parameter."),
        SettingDefinition("statement_cache_size", null, "`256`", "data-bridge: prepared statements cached per connection; `0` uses unnamed statements only (for PgBouncer in transaction mode before 1.21)."),
        SettingDefinition("fetch_size", null, "`0` (all rows at once)", "data-bridge: rows fetched per round trip when a result is streamed."),
        SettingDefinition("default_query_timeout", null, "none", "data-bridge: the timeout of statements that give none (a duration: `500ms`, `5s`, `2min`, `1h`, `1d`; a bare number counts seconds; `0` means none)."),
        SettingDefinition("slow_query_threshold", null, "none", "data-bridge: statements taking at least this long are logged as slow through SLF4J (a duration; `0` means none)."),
        SettingDefinition("pool_max_size", null, "`10`", "data-bridge: the most connections a pool opens."),
        SettingDefinition("pool_min_size", null, "`0`", "data-bridge: the connections a pool keeps open even when idle."),
        SettingDefinition("pool_acquire_timeout", null, "`30s`", "data-bridge: how long a caller may wait for a pooled connection before `PoolTimeoutException`."),
        SettingDefinition("pool_max_lifetime", null, "`30min`", "data-bridge: how long a pooled connection lives at most (`0`: forever)."),
        SettingDefinition("pool_idle_timeout", null, "`10min`", "data-bridge: how long an idle connection above the minimum is kept (`0`: forever)."),
    )

    /** Every accepted key, mapped to its environment variable (or null when libpq has none). */
    val ENV_VARS: Map<String, String?> = DEFINITIONS.associateTo(LinkedHashMap()) { it.key to it.envVar }

    /** libpq keys data-bridge knows but does not implement: refused with a clearer message than "unknown". */
    private val UNSUPPORTED_LIBPQ: Set<String> = setOf(
        "service", "requirepeer", "krbsrvname", "gsslib", "gssdelegation", "sslcompression", "sslcrl", "sslcrldir",
        "sslsni", "sslcertmode", "sslkeylogfile", "ssl_min_protocol_version", "ssl_max_protocol_version",
        "requiressl", "tty", "oauth_issuer", "oauth_client_id", "oauth_client_secret", "oauth_scope",
        "scram_client_key", "scram_server_key",
    )

    /**
     * Environment variables libpq turns into startup parameters of the same meaning (libpq's `EnvironmentOptions`);
     * the value `default` means "not set".
     */
    val ENV_STARTUP_PARAMETERS: Map<String, String> = linkedMapOf(
        "PGDATESTYLE" to "datestyle",
        "PGTZ" to "timezone",
        "PGGEQO" to "geqo",
    )

    /** libpq keys that are refused, in a stable order for the configuration reference. */
    val UNSUPPORTED: List<String> get() = UNSUPPORTED_LIBPQ.sorted()

    fun requireKnown(key: String) {
        if (key in ENV_VARS) return
        if (key in UNSUPPORTED_LIBPQ) {
            throw InvalidConfigException(key, "connection option \"$key\" of libpq is not supported by data-bridge")
        }
        throw InvalidConfigException(key, "invalid connection option \"$key\"")
    }
}

/** Whether [key]'s value is a secret that must never be printed. */
internal fun isSecretKey(key: String): Boolean = key == "password" || key == "sslpassword"

/** One connection setting: its key, the `PG*` variable that supplies its default (or null), the default, the meaning. */
internal class SettingDefinition(val key: String, val envVar: String?, val default: String, val description: String)
