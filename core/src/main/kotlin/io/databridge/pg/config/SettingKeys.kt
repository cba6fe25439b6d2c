package io.databridge.pg.config

/** The setting names data-bridge understands, with the `PG*` environment variable that supplies each default. */
internal object SettingKeys {
    /** Every accepted key, mapped to its environment variable (or null when libpq has none). */
    val ENV_VARS: Map<String, String?> = linkedMapOf(
        "host" to "PGHOST",
        "hostaddr" to "PGHOSTADDR",
        "port" to "PGPORT",
        "dbname" to "PGDATABASE",
        "user" to "PGUSER",
        "password" to "PGPASSWORD",
        "passfile" to "PGPASSFILE",
        "sslmode" to "PGSSLMODE",
        "sslnegotiation" to "PGSSLNEGOTIATION",
        "sslrootcert" to "PGSSLROOTCERT",
        "sslcert" to "PGSSLCERT",
        "sslkey" to "PGSSLKEY",
        "sslpassword" to null,
        "channel_binding" to "PGCHANNELBINDING",
        "target_session_attrs" to "PGTARGETSESSIONATTRS",
        "load_balance_hosts" to "PGLOADBALANCEHOSTS",
        "connect_timeout" to "PGCONNECT_TIMEOUT",
        "application_name" to "PGAPPNAME",
        "fallback_application_name" to null,
        "options" to "PGOPTIONS",
        "client_encoding" to "PGCLIENTENCODING",
        "keepalives" to null,
        "keepalives_idle" to null,
        "keepalives_interval" to null,
        "keepalives_count" to null,
        "tcp_user_timeout" to null,
        "replication" to null,
        "gssencmode" to "PGGSSENCMODE",
        "require_auth" to "PGREQUIREAUTH",
        "min_protocol_version" to "PGMINPROTOCOLVERSION",
        "max_protocol_version" to "PGMAXPROTOCOLVERSION",
        "search_path" to null,
        "statement_cache_size" to null,
        "fetch_size" to null,
        "default_query_timeout" to null,
        "slow_query_threshold" to null,
        "pool_max_size" to null,
        "pool_min_size" to null,
        "pool_acquire_timeout" to null,
        "pool_max_lifetime" to null,
        "pool_idle_timeout" to null,
    )

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
