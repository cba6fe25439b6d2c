package io.databridge.pg.auth

import io.databridge.pg.errors.ChannelBindingException
import io.databridge.pg.errors.UnsupportedAuthenticationException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.math.BigInteger
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.MessageDigest
import java.security.cert.X509Certificate
import java.util.Date

private val rsaKeys: KeyPair by lazy { KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair() }
private val ecKeys: KeyPair by lazy { KeyPairGenerator.getInstance("EC").apply { initialize(384) }.generateKeyPair() }
private val edKeys: KeyPair by lazy { KeyPairGenerator.getInstance("Ed25519").generateKeyPair() }

private fun certificate(keys: KeyPair, signatureAlgorithm: String): X509Certificate {
    val name = X500Name("CN=db.example")
    val now = System.currentTimeMillis()
    val builder = JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), Date(now - 60_000), Date(now + 86_400_000), name, keys.public)
    return JcaX509CertificateConverter().getCertificate(builder.build(JcaContentSignerBuilder(signatureAlgorithm).build(keys.private)))
}

private fun digest(algorithm: String, data: ByteArray) = MessageDigest.getInstance(algorithm).digest(data).toList()

class ChannelBindingSpec : FunSpec({
    test("an RSA/SHA-256 certificate is hashed with SHA-256") {
        val cert = certificate(rsaKeys, "SHA256withRSA")
        cert.sigAlgOID shouldBe "1.2.840.113549.1.1.11"
        ChannelBinding.TlsServerEndPoint.fromCertificate(cert).certificateHash.toList() shouldBe digest("SHA-256", cert.encoded)
    }

    test("SHA-1 and MD5 signed certificates are hashed with SHA-256, not their own hash") {
        for (algorithm in listOf("SHA1withRSA", "MD5withRSA")) {
            val cert = certificate(rsaKeys, algorithm)
            val hash = ChannelBinding.TlsServerEndPoint.fromCertificate(cert).certificateHash
            hash.size shouldBe 32
            hash.toList() shouldBe digest("SHA-256", cert.encoded)
        }
    }

    test("stronger hashes are kept: SHA-384 with ECDSA, SHA-512 with RSA") {
        val ec = certificate(ecKeys, "SHA384withECDSA")
        ChannelBinding.TlsServerEndPoint.fromCertificate(ec).certificateHash.toList() shouldBe digest("SHA-384", ec.encoded)
        val rsa = certificate(rsaKeys, "SHA512withRSA")
        ChannelBinding.TlsServerEndPoint.fromCertificate(rsa).certificateHash.toList() shouldBe digest("SHA-512", rsa.encoded)
    }

    test("the DER form accepts the signature algorithm as OID or JCA name") {
        val cert = certificate(rsaKeys, "SHA1withRSA")
        val expected = digest("SHA-256", cert.encoded)
        ChannelBinding.TlsServerEndPoint.fromEncodedCertificate(cert.encoded, "1.2.840.113549.1.1.5").certificateHash.toList() shouldBe expected
        ChannelBinding.TlsServerEndPoint.fromEncodedCertificate(cert.encoded, "SHA1withRSA").certificateHash.toList() shouldBe expected
        ChannelBinding.TlsServerEndPoint.fromEncodedCertificate(cert.encoded, "SHA384withECDSA").certificateHash.toList() shouldBe
            digest("SHA-384", cert.encoded)
    }

    test("a signature without a single hash (Ed25519) cannot be bound") {
        shouldThrow<ChannelBindingException> { ChannelBinding.TlsServerEndPoint.fromCertificate(certificate(edKeys, "Ed25519")) }
            .message shouldContain "Ed25519"
        shouldThrow<ChannelBindingException> { ChannelBinding.TlsServerEndPoint.fromEncodedCertificate(ByteArray(10), "RSASSA-PSS") }
    }

    test("the binding's toString does not dump the hash") {
        ChannelBinding.TlsServerEndPoint(ByteArray(32)).toString() shouldBe "TlsServerEndPoint(32-byte certificate hash)"
    }

    context("mechanism choice") {
        val plus = listOf("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")
        val plain = listOf("SCRAM-SHA-256")
        val cert = certificate(rsaKeys, "SHA256withRSA")

        test("TLS with -PLUS offered binds unless disabled") {
            val binding = SaslMechanisms.select(plus, cert, ChannelBindingMode.PREFER)
            binding.shouldBeInstanceOf<ChannelBinding.TlsServerEndPoint>()
            binding.certificateHash.toList() shouldBe digest("SHA-256", cert.encoded)
            SaslMechanisms.select(plus, cert, ChannelBindingMode.REQUIRE).shouldBeInstanceOf<ChannelBinding.TlsServerEndPoint>()
            SaslMechanisms.select(plus, cert, ChannelBindingMode.DISABLE) shouldBe ChannelBinding.Disabled
        }

        test("TLS without -PLUS offered says the client supports binding (y)") {
            SaslMechanisms.select(plain, cert, ChannelBindingMode.PREFER) shouldBe ChannelBinding.NotOfferedByServer
            SaslMechanisms.select(plain, cert, ChannelBindingMode.DISABLE) shouldBe ChannelBinding.Disabled
        }

        test("without TLS there is no binding (n)") {
            SaslMechanisms.select(plus, null, ChannelBindingMode.PREFER) shouldBe ChannelBinding.Disabled
            SaslMechanisms.select(plain, null, ChannelBindingMode.PREFER) shouldBe ChannelBinding.Disabled
        }

        test("require fails without TLS or without -PLUS offered") {
            shouldThrow<ChannelBindingException> { SaslMechanisms.select(plus, null, ChannelBindingMode.REQUIRE) }
                .message shouldBe "channel_binding=require, but the connection does not use TLS"
            shouldThrow<ChannelBindingException> { SaslMechanisms.select(plain, cert, ChannelBindingMode.REQUIRE) }
                .message shouldBe "channel_binding=require, but the server did not offer SCRAM-SHA-256-PLUS (offered: SCRAM-SHA-256)"
        }

        test("no known mechanism names what the server offered") {
            val e = shouldThrow<UnsupportedAuthenticationException> {
                SaslMechanisms.select(listOf("SCRAM-SHA-512", "OAUTHBEARER"), null, ChannelBindingMode.PREFER)
            }
            e.method shouldBe "SASL (SCRAM-SHA-512, OAUTHBEARER)"
            e.message shouldContain "offered: SCRAM-SHA-512, OAUTHBEARER"
            shouldThrow<UnsupportedAuthenticationException> { SaslMechanisms.select(emptyList(), null, ChannelBindingMode.PREFER) }
                .message shouldContain "offered: none"
            shouldThrow<UnsupportedAuthenticationException> {
                SaslMechanisms.select(listOf("SCRAM-SHA-256-PLUS"), cert, ChannelBindingMode.DISABLE)
            }
        }

        test("require refuses methods that cannot bind") {
            shouldThrow<ChannelBindingException> { ChannelBindingMode.REQUIRE.checkAllowsWithoutBinding("MD5 password") }
                .message shouldContain "MD5 password"
            ChannelBindingMode.PREFER.checkAllowsWithoutBinding("MD5 password")
            ChannelBindingMode.DISABLE.checkAllowsWithoutBinding("trust")
        }
    }
})
