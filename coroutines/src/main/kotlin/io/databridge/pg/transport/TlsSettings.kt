package io.databridge.pg.transport

import java.nio.file.Path
import java.time.Duration

/** How much of the server's identity TLS verifies (libpq's sslmode values that use TLS). */
public enum class TlsVerification {
    /** Encrypt only; any certificate is accepted (`sslmode=require`). */
    NONE,

    /** The certificate chains to a trusted CA; the host name is not checked (`sslmode=verify-ca`). */
    CA,

    /** The chain is trusted and the certificate names the host (DNS or IP subject alternative name) (`verify-full`). */
    FULL,
}

/**
 * TLS settings of a connection, in libpq's terms.
 *
 * [rootCert] is a PEM file of trusted CA certificates (`sslrootcert`); `null` uses the JVM's default trust store.
 * [clientCert]/[clientKey] are PEM files (`sslcert`/`sslkey`): the key as unencrypted PKCS#8 (`BEGIN PRIVATE KEY`),
 * PKCS#1 RSA (`BEGIN RSA PRIVATE KEY`), or encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, PBES2 as OpenSSL writes
 * it) with [clientKeyPassword]. [sni] sends the host name in the handshake (`sslsni`). [direct] means TLS from the
 * first byte with ALPN `postgresql` (`sslnegotiation=direct`, PostgreSQL 17+) instead of the SSLRequest exchange.
 */
public class TlsSettings(
    public val verification: TlsVerification = TlsVerification.FULL,
    public val rootCert: Path? = null,
    public val clientCert: Path? = null,
    public val clientKey: Path? = null,
    clientKeyPassword: CharArray? = null,
    public val sni: Boolean = true,
    public val direct: Boolean = false,
    public val handshakeTimeout: Duration = Duration.ofSeconds(10),
) {
    init {
        require((clientCert == null) == (clientKey == null)) { "clientCert and clientKey must be given together" }
        require(!handshakeTimeout.isNegative && !handshakeTimeout.isZero) { "handshakeTimeout must be positive" }
    }

    // Kept private and out of toString: a key password is a secret.
    internal val clientKeyPassword: CharArray? = clientKeyPassword?.copyOf()

    override fun toString(): String =
        "TlsSettings(verification=$verification, rootCert=$rootCert, clientCert=$clientCert, clientKey=$clientKey, " +
            "clientKeyPassword=${if (clientKeyPassword == null) "none" else "***"}, sni=$sni, direct=$direct, " +
            "handshakeTimeout=$handshakeTimeout)"
}
