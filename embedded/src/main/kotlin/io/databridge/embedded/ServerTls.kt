package io.databridge.embedded

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.security.spec.PKCS8EncodedKeySpec
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator

/**
 * The TLS material of a cluster: a generated CA ([caFile]) and a server certificate for localhost, 127.0.0.1 and
 * ::1 ([serverCertFile], [serverKeyFile]), so clients can use sslmode=verify-ca and verify-full.
 */
public class ServerTls internal constructor(private val ca: CertificateAuthority, private val directory: Path) {
    /** The CA certificate (PEM) clients trust (libpq's `sslrootcert`). */
    public val caFile: Path = directory.resolve("ca.crt")

    /** The server certificate (PEM). */
    public val serverCertFile: Path = directory.resolve("server.crt")

    /** The server's private key (PEM, mode 0600). */
    public val serverKeyFile: Path = directory.resolve("server.key")

    /** Issues a client certificate with CN [user] signed by the cluster's CA, for `cert` authentication. */
    public fun issueClientCertificate(user: String): ClientCertificate {
        val (pair, cert) = ca.issue(user, emptyList(), emptyList(), server = false)
        val stem = "client-" + user.replace(Regex("[^A-Za-z0-9_.-]"), "_")
        val certFile = directory.resolve("$stem.crt")
        val keyFile = directory.resolve("$stem.key")
        val derFile = directory.resolve("$stem.pk8")
        writePem(certFile, cert, secret = false)
        writePem(keyFile, JcaPKCS8Generator(pair.private, null).generate(), secret = true)
        Files.deleteIfExists(derFile)
        Files.createFile(derFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        Files.write(derFile, PKCS8EncodedKeySpec(pair.private.encoded).encoded)
        return ClientCertificate(user, certFile, keyFile, derFile)
    }

    override fun toString(): String = "ServerTls(caFile=$caFile)"

    internal companion object {
        /** Generates a CA and a server certificate into [directory]. */
        fun generate(directory: Path): ServerTls {
            Files.createDirectories(directory)
            val ca = CertificateAuthority.create("data-bridge embedded CA")
            val tls = ServerTls(ca, directory)
            val (pair, cert) = ca.issue("localhost", listOf("localhost"), listOf("127.0.0.1", "::1"), server = true)
            writePem(tls.caFile, ca.certificate, secret = false)
            writePem(tls.serverCertFile, cert, secret = false)
            writePem(tls.serverKeyFile, JcaPKCS8Generator(pair.private, null).generate(), secret = true)
            return tls
        }

        /** The same material, read from another directory holding a copy (a replica's). */
        fun copiedTo(original: ServerTls, directory: Path): ServerTls = ServerTls(original.ca, directory)
    }
}
