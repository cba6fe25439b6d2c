package io.databridge.pg.transport

import io.databridge.pg.errors.TlsException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit

class TlsSpec : FunSpec({
    val group = EventLoopGroup(1, "tls-loop")
    val pki = TestCertificates()
    val otherPki = TestCertificates()
    afterSpec {
        group.close()
        pki.delete()
        otherPki.delete()
    }

    suspend fun echoThrough(t: Transport, data: ByteArray): ByteArray {
        val collector = Collector()
        withTimeout(20_000) {
            withContext(t.eventLoop) {
                t.bind(collector)
                t.outbound.writeBytes(data)
                t.requestFlush()
                collector.awaitBytes(data.size)
            }
        }
        return collector.bytes()
    }

    for (kind in Kind.entries) {
        test("$kind: SSLRequest answered 'S', then a verify-full handshake, echo and the server certificate") {
            TlsPeer(pki.serverContext(), sslRequest = true).use { peer ->
                kind.factory(group).use { factory ->
                    val plain = factory.connect(peer.endpoint)
                    plain.requestSsl() shouldBe SslResponse.ACCEPTED
                    val tls = plain.startTls(TlsContext(TlsSettings(TlsVerification.FULL, rootCert = pki.caPem)), "localhost")
                    tls.serverCertificate shouldBe pki.server
                    tls.protocol shouldBe "TLSv1.3"
                    val data = payload(200_000)
                    echoThrough(tls, data).contentEquals(data) shouldBe true
                    // Ciphertext: record headers and tags make it larger than the plaintext.
                    tls.stats.bytesWritten shouldBeGreaterThan data.size.toLong()
                    tls.close()
                    withTimeout(2_000) { while (tls.isOpen || plain.isOpen) kotlinx.coroutines.delay(5) }
                }
            }
        }

        test("$kind: direct TLS offers ALPN postgresql") {
            TlsPeer(pki.serverContext(), sslRequest = false, alpn = true).use { peer ->
                kind.factory(group).use { factory ->
                    val settings = TlsSettings(TlsVerification.FULL, rootCert = pki.caPem, direct = true)
                    val tls = factory.connect(peer.endpoint).startTls(TlsContext(settings), "127.0.0.1")
                    tls.applicationProtocol shouldBe "postgresql"
                    echoThrough(tls, "hello".toByteArray()).decodeToString() shouldBe "hello"
                    tls.close()
                }
            }
        }
    }

    test("require: an untrusted certificate is accepted, traffic is encrypted") {
        TlsPeer(otherPki.serverContext(), sslRequest = false).use { peer ->
            NioTransportFactory(group).use { factory ->
                val tls = factory.connect(peer.endpoint).startTls(TlsContext(TlsSettings(TlsVerification.NONE)), "localhost")
                tls.serverCertificate shouldBe otherPki.server
                echoThrough(tls, "x".repeat(40_000).toByteArray()).size shouldBe 40_000
                tls.close()
            }
        }
    }

    test("verify-ca: the chain is checked but not the host name") {
        TlsPeer(pki.serverContext(), sslRequest = false).use { peer ->
            NioTransportFactory(group).use { factory ->
                val context = TlsContext(TlsSettings(TlsVerification.CA, rootCert = pki.caPem))
                val tls = factory.connect(peer.endpoint).startTls(context, "wrong.example")
                echoThrough(tls, byteArrayOf(7)).toList() shouldBe listOf<Byte>(7)
                tls.close()
            }
        }
    }

    test("verify-ca: a certificate from another CA is rejected with TlsException and the transport closes") {
        TlsPeer(otherPki.serverContext(), sslRequest = false).use { peer ->
            NioTransportFactory(group).use { factory ->
                val plain = factory.connect(peer.endpoint)
                val e = shouldThrow<TlsException> {
                    plain.startTls(TlsContext(TlsSettings(TlsVerification.CA, rootCert = pki.caPem)), "localhost")
                }
                e.message shouldContain "handshake"
                withTimeout(2_000) { while (plain.isOpen) kotlinx.coroutines.delay(5) }
            }
        }
    }

    test("verify-full: a host name or IP not in the certificate is rejected") {
        TlsPeer(pki.serverContext(), sslRequest = false).use { peer ->
            NioTransportFactory(group).use { factory ->
                val context = TlsContext(TlsSettings(TlsVerification.FULL, rootCert = pki.caPem))
                for (host in listOf("wrong.example", "127.0.0.2")) {
                    shouldThrow<TlsException> { factory.connect(peer.endpoint).startTls(context, host) }
                        .message shouldContain "handshake"
                }
                val ok = factory.connect(peer.endpoint).startTls(context, "127.0.0.1")
                ok.serverCertificate shouldBe pki.server
                ok.close()
            }
        }
    }

    test("verify-full against the system trust store rejects a private CA") {
        TlsPeer(pki.serverContext(), sslRequest = false).use { peer ->
            NioTransportFactory(group).use { factory ->
                shouldThrow<TlsException> {
                    factory.connect(peer.endpoint).startTls(TlsContext(TlsSettings(TlsVerification.FULL)), "localhost")
                }
            }
        }
    }

    test("client certificates: PKCS#8, encrypted PKCS#8 and PKCS#1 RSA keys are presented") {
        TlsPeer(pki.serverContext(), sslRequest = false, needClientAuth = true).use { peer ->
            NioTransportFactory(group).use { factory ->
                val (rsaCert, rsaKey) = pki.rsaClient()
                val variants = listOf(
                    TlsSettings(TlsVerification.FULL, pki.caPem, pki.clientCertPem, pki.clientKeyPem) to "CN=alice",
                    TlsSettings(
                        TlsVerification.FULL, pki.caPem, pki.clientCertPem, pki.clientEncryptedKeyPem, "s3cret".toCharArray(),
                    ) to "CN=alice",
                    TlsSettings(TlsVerification.FULL, pki.caPem, rsaCert, rsaKey) to "CN=bob",
                )
                for ((settings, subject) in variants) {
                    val tls = factory.connect(peer.endpoint).startTls(TlsContext(settings), "localhost")
                    echoThrough(tls, byteArrayOf(1, 2)).size shouldBe 2
                    peer.clientChains.poll(5, TimeUnit.SECONDS)!![0].subjectX500Principal.name shouldBe subject
                    tls.close()
                }
            }
        }
    }

    test("an encrypted key with a wrong or missing password fails with TlsException, never echoing the password") {
        val wrong = shouldThrow<TlsException> {
            TlsContext(TlsSettings(TlsVerification.FULL, pki.caPem, pki.clientCertPem, pki.clientEncryptedKeyPem, "nope".toCharArray()))
        }
        wrong.message shouldContain "cannot decrypt"
        wrong.message shouldNotContain "nope"
        shouldThrow<TlsException> {
            TlsContext(TlsSettings(TlsVerification.FULL, pki.caPem, pki.clientCertPem, pki.clientEncryptedKeyPem))
        }.message shouldContain "no password"
        TlsSettings(clientKeyPassword = "hunter2".toCharArray()).toString() shouldNotContain "hunter2"
    }

    test("missing or malformed PEM files fail with TlsException") {
        shouldThrow<TlsException> { TlsContext(TlsSettings(TlsVerification.CA, rootCert = Path.of("/nonexistent/ca.pem"))) }
            .message shouldContain "/nonexistent/ca.pem"
        shouldThrow<TlsException> { TlsContext(TlsSettings(TlsVerification.CA, rootCert = pki.clientKeyPem)) }
            .message shouldContain "no PEM certificate"
        shouldThrow<TlsException> {
            TlsContext(TlsSettings(TlsVerification.FULL, pki.caPem, pki.clientCertPem, pki.caPem))
        }.message shouldContain "no PEM private key"
    }

    test("a server that never answers the handshake hits the handshake timeout") {
        TlsPeer(pki.serverContext(), sslRequest = false, silent = true).use { peer ->
            NioTransportFactory(group).use { factory ->
                val plain = factory.connect(peer.endpoint)
                val settings = TlsSettings(TlsVerification.NONE, handshakeTimeout = Duration.ofMillis(300))
                shouldThrow<TlsException> { plain.startTls(TlsContext(settings), "localhost") }.message shouldContain "timed out"
                plain.isOpen shouldBe false
            }
        }
    }

    test("plaintext injected after the 'S' answer is rejected (CVE-2021-23214)") {
        TlsPeer(pki.serverContext(), sslRequest = true, answer = "Sinjected".toByteArray()).use { peer ->
            NioTransportFactory(group).use { factory ->
                val plain = factory.connect(peer.endpoint)
                shouldThrow<TlsException> { plain.requestSsl() }.message shouldContain "unexpected bytes"
            }
        }
    }

    test("an answer other than 'S' or 'N' is rejected") {
        TlsPeer(pki.serverContext(), sslRequest = true, answer = "E".toByteArray()).use { peer ->
            NioTransportFactory(group).use { factory ->
                shouldThrow<TlsException> { factory.connect(peer.endpoint).requestSsl() }.message shouldContain "0x45"
            }
        }
    }
})
