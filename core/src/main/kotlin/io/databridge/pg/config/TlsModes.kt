package io.databridge.pg.config

/** How hard the client insists on TLS and on verifying the server (libpq `sslmode`). */
public enum class SslMode(override val libpqName: String) : LibpqEnum {
    /** Plain TCP only. */
    DISABLE("disable"),

    /** Plain first; TLS only if the plain attempt is refused. */
    ALLOW("allow"),

    /** TLS first; plain if the server does not offer TLS. The default. */
    PREFER("prefer"),

    /** TLS without verifying the server certificate (unless a root certificate is given, as in libpq). */
    REQUIRE("require"),

    /** TLS with the server certificate verified against a trusted root. */
    VERIFY_CA("verify-ca"),

    /** TLS with the certificate verified and its name matched against the host. */
    VERIFY_FULL("verify-full"),
    ;

    /** Whether this mode refuses to fall back to an unencrypted connection. */
    public val requiresTls: Boolean get() = this >= REQUIRE
}

/** How TLS is started (libpq `sslnegotiation`). */
public enum class SslNegotiation(override val libpqName: String) : LibpqEnum {
    /** Send SSLRequest first and start TLS if the server agrees. The default. */
    POSTGRES("postgres"),

    /** Start the TLS handshake at once, with ALPN `postgresql` (PostgreSQL 17 and later). */
    DIRECT("direct"),
}

/**
 * GSSAPI encryption (libpq `gssencmode`). data-bridge does not implement GSSAPI: only [DISABLE] is effective;
 * `prefer` is accepted and degrades to [DISABLE] (with a note in [ConnectionConfig.notes]); `require` is refused.
 */
public enum class GssEncMode(override val libpqName: String) : LibpqEnum {
    /** No GSSAPI encryption; the only mode data-bridge runs with. */
    DISABLE("disable"),

    /** libpq's default; accepted and treated as [DISABLE]. */
    PREFER("prefer"),

    /** Refused: data-bridge cannot encrypt with GSSAPI. */
    REQUIRE("require"),
}
