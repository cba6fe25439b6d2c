package io.databridge.embedded

import java.nio.file.Path

/**
 * A client certificate issued by an embedded cluster's CA for `cert` authentication: [certFile] and [keyFile] are
 * PEM, [keyDerFile] is the same key as PKCS#8 DER (what pgjdbc's `sslkey` expects); key files have mode 0600.
 */
public class ClientCertificate internal constructor(
    /** The user name, which is the certificate's CN. */
    public val user: String,
    /** The certificate, PEM. */
    public val certFile: Path,
    /** The private key, PKCS#8 PEM. */
    public val keyFile: Path,
    /** The private key, PKCS#8 DER. */
    public val keyDerFile: Path,
) {
    override fun toString(): String = "ClientCertificate(user=$user, certFile=$certFile)"
}
