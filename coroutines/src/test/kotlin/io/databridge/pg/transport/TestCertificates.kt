package io.databridge.pg.transport

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.PKCS8Generator
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.io.StringWriter
import java.math.BigInteger
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.util.Date
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory

/** A throwaway PKI made for the tests: a CA, a server certificate for localhost/127.0.0.1 and a client certificate. */
class TestCertificates {
    val dir: Path = Files.createTempDirectory("db-tls")
    private val caKeys = ecKeys()
    val ca: X509Certificate = certificate("CN=data-bridge test CA", caKeys, "CN=data-bridge test CA", caKeys, isCa = true)
    val serverKeys: KeyPair = ecKeys()
    val server: X509Certificate = certificate("CN=localhost", serverKeys, "CN=data-bridge test CA", caKeys, dns = listOf("localhost"), ips = listOf("127.0.0.1"))
    private val clientKeys = ecKeys()
    val client: X509Certificate = certificate("CN=alice", clientKeys, "CN=data-bridge test CA", caKeys)

    val caPem: Path = write("ca.pem", pem(ca))
    val clientCertPem: Path = write("client.crt", pem(client))
    val clientKeyPem: Path = write("client.key", pkcs8(clientKeys, null))
    val clientEncryptedKeyPem: Path = write("client-enc.key", pkcs8(clientKeys, "s3cret".toCharArray()))

    /** An SSLContext for an in-test server presenting [server], trusting [ca] for client certificates. */
    fun serverContext(): SSLContext {
        val store = KeyStore.getInstance("PKCS12").apply { load(null, null) }
        store.setKeyEntry("server", serverKeys.private, CharArray(0), arrayOf(server, ca))
        store.setCertificateEntry("ca", ca)
        val kmf = KeyManagerFactory.getInstance("PKIX").apply { init(store, CharArray(0)) }
        val tmf = TrustManagerFactory.getInstance("PKIX").apply { init(store) }
        return SSLContext.getInstance("TLS").apply { init(kmf.keyManagers, tmf.trustManagers, null) }
    }

    /** A client certificate signed by [ca] with an RSA key written as PKCS#1 (`BEGIN RSA PRIVATE KEY`). */
    fun rsaClient(): Pair<Path, Path> {
        val keys = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()
        val cert = certificate("CN=bob", keys, "CN=data-bridge test CA", caKeys)
        return write("bob.crt", pem(cert)) to write("bob.key", pem(keys.private))
    }

    fun delete() {
        Files.list(dir).use { files -> files.forEach(Files::delete) }
        Files.delete(dir)
    }

    private fun write(name: String, text: String): Path = Files.writeString(dir.resolve(name), text)

    private fun pem(obj: Any): String = StringWriter().also { w -> JcaPEMWriter(w).use { it.writeObject(obj) } }.toString()

    private fun pkcs8(keys: KeyPair, password: CharArray?): String {
        val encryptor = password?.let {
            JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setPRF(PKCS8Generator.PRF_HMACSHA256)
                .setProvider(org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword(it).build()
        }
        return pem(JcaPKCS8Generator(keys.private, encryptor).generate())
    }

    companion object {
        private var serial = 1L

        fun ecKeys(): KeyPair = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()

        @Synchronized
        fun certificate(
            subject: String,
            keys: KeyPair,
            issuer: String,
            issuerKeys: KeyPair,
            isCa: Boolean = false,
            dns: List<String> = emptyList(),
            ips: List<String> = emptyList(),
        ): X509Certificate {
            val now = System.currentTimeMillis()
            val builder = JcaX509v3CertificateBuilder(
                X500Name(issuer), BigInteger.valueOf(serial++), Date(now - 60_000), Date(now + 86_400_000),
                X500Name(subject), keys.public,
            )
            if (isCa) {
                builder.addExtension(Extension.basicConstraints, true, BasicConstraints(true))
                builder.addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.keyCertSign or KeyUsage.cRLSign))
            }
            val names = dns.map { GeneralName(GeneralName.dNSName, it) } + ips.map { GeneralName(GeneralName.iPAddress, it) }
            if (names.isNotEmpty()) builder.addExtension(Extension.subjectAlternativeName, false, GeneralNames(names.toTypedArray()))
            val algorithm = if (issuerKeys.private.algorithm == "EC") "SHA256withECDSA" else "SHA256withRSA"
            val signer = JcaContentSignerBuilder(algorithm).build(issuerKeys.private)
            return JcaX509CertificateConverter().getCertificate(builder.build(signer))
        }
    }
}
