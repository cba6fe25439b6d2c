package io.databridge.embedded

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.X509CertificateHolder
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.math.BigInteger
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.SecureRandom
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.time.Duration
import java.time.Instant
import java.util.Date

/** A throwaway certificate authority that signs the server's and clients' certificates (EC P-256 keys). */
internal class CertificateAuthority private constructor(private val keys: KeyPair, val certificate: X509Certificate) {

    /** Issues a certificate for [commonName] with the given subject alternative names, signed by this CA. */
    fun issue(commonName: String, dnsNames: List<String>, ipAddresses: List<String>, server: Boolean): Pair<KeyPair, X509Certificate> {
        val pair = newKeyPair()
        val builder = certificateBuilder(X500Name("CN=${escapeRdn(commonName)}"), pair, X500Name.getInstance(certificate.subjectX500Principal.encoded))
        val utils = JcaX509ExtensionUtils()
        builder.addExtension(Extension.basicConstraints, true, BasicConstraints(false))
        builder.addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.digitalSignature or KeyUsage.keyAgreement))
        builder.addExtension(
            Extension.extendedKeyUsage, false,
            ExtendedKeyUsage(if (server) KeyPurposeId.id_kp_serverAuth else KeyPurposeId.id_kp_clientAuth),
        )
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate))
        val names = dnsNames.map { GeneralName(GeneralName.dNSName, it) } + ipAddresses.map { GeneralName(GeneralName.iPAddress, it) }
        if (names.isNotEmpty()) builder.addExtension(Extension.subjectAlternativeName, false, GeneralNames(names.toTypedArray()))
        return pair to sign(builder.build(signer(keys)))
    }

    companion object {
        private val validity = Duration.ofDays(30)
        private val random = SecureRandom()

        /** Creates a new self-signed CA. */
        fun create(name: String): CertificateAuthority {
            val pair = newKeyPair()
            val subject = X500Name("CN=${escapeRdn(name)}")
            val builder = certificateBuilder(subject, pair, subject)
            builder.addExtension(Extension.basicConstraints, true, BasicConstraints(true))
            builder.addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.keyCertSign or KeyUsage.cRLSign))
            builder.addExtension(Extension.subjectKeyIdentifier, false, JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.public))
            return CertificateAuthority(pair, sign(builder.build(signer(pair))))
        }

        private fun newKeyPair(): KeyPair =
            KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1"), random) }.generateKeyPair()

        private fun certificateBuilder(subject: X500Name, pair: KeyPair, issuer: X500Name): JcaX509v3CertificateBuilder {
            val now = Instant.now()
            return JcaX509v3CertificateBuilder(
                issuer, BigInteger(127, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(validity)), subject, pair.public,
            )
        }

        private fun signer(pair: KeyPair) = JcaContentSignerBuilder("SHA256withECDSA").build(pair.private)

        private fun sign(holder: X509CertificateHolder): X509Certificate = JcaX509CertificateConverter().getCertificate(holder)

        // Role names may hold characters that are special in a distinguished name.
        private fun escapeRdn(value: String): String = value.replace(Regex("""([,+"\\<>;=#])"""), """\\$1""")
    }
}

/** Writes [obj] (a certificate or a private key) as PEM to [file]; keys get mode 0600. */
internal fun writePem(file: Path, obj: Any, secret: Boolean) {
    Files.deleteIfExists(file)
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(if (secret) "rw-------" else "rw-r--r--")))
    Files.newBufferedWriter(file).use { out -> JcaPEMWriter(out).use { it.writeObject(obj) } }
}
