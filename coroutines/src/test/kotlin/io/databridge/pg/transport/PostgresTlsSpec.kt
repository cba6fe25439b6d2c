package io.databridge.pg.transport

import io.databridge.embedded.EmbeddedPostgres
import io.kotest.assertions.throwables.shouldThrow
import io.databridge.pg.errors.TlsException
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.nio.file.Files
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate

class PostgresTlsSpec : FunSpec({
    val group = EventLoopGroup(1, "pg-tls-loop")
    val pg = EmbeddedPostgres.start { tls() }
    val tlsFiles = pg.tls!!
    val serverCertificate = Files.newInputStream(tlsFiles.serverCertFile).use {
        CertificateFactory.getInstance("X.509").generateCertificate(it) as X509Certificate
    }
    afterSpec {
        group.close()
        pg.close()
    }

    suspend fun startupOverTls(tls: TlsTransport): ByteArray {
        val collector = Collector()
        withTimeout(10_000) {
            withContext(tls.eventLoop) {
                tls.bind(collector)
                val w = tls.outbound
                val at = w.reserveInt()
                w.writeInt(196608)
                w.writeCString("user")
                w.writeCString("postgres")
                w.writeCString("database")
                w.writeCString("postgres")
                w.writeByte(0)
                w.patchLength(at)
                tls.requestFlush()
                collector.awaitBytes(9)
            }
        }
        return collector.bytes().copyOfRange(0, 9)
    }

    // AuthenticationOk: the encrypted stream carries the protocol intact.
    val authOk = listOf<Byte>('R'.code.toByte(), 0, 0, 0, 8, 0, 0, 0, 0)

    for (kind in Kind.entries) {
        test("$kind: SSLRequest is accepted by PostgreSQL, verify-full succeeds and the leaf certificate is known") {
            kind.factory(group).use { factory ->
                val plain = factory.connect(Endpoint.Tcp("127.0.0.1", pg.port))
                plain.requestSsl() shouldBe SslResponse.ACCEPTED
                val tls = plain.startTls(TlsContext(TlsSettings(TlsVerification.FULL, rootCert = tlsFiles.caFile)), "localhost")
                tls.serverCertificate shouldBe serverCertificate
                startupOverTls(tls).toList() shouldBe authOk
                tls.close()
            }
        }

        test("$kind: direct TLS (sslnegotiation=direct) is accepted by PostgreSQL 17+ with ALPN postgresql, refused typed before") {
            kind.factory(group).use { factory ->
                val settings = TlsSettings(TlsVerification.FULL, rootCert = tlsFiles.caFile, direct = true)
                val plain = factory.connect(Endpoint.Tcp("127.0.0.1", pg.port))
                if (pg.majorVersion < 17) {
                    // Older servers read the ClientHello as a startup packet and hang up.
                    shouldThrow<TlsException> { plain.startTls(TlsContext(settings), "127.0.0.1") }.message shouldContain
                        "sslnegotiation=direct needs PostgreSQL 17 or newer"
                } else {
                    val tls = plain.startTls(TlsContext(settings), "127.0.0.1")
                    tls.applicationProtocol shouldBe "postgresql"
                    startupOverTls(tls).toList() shouldBe authOk
                    tls.close()
                }
            }
        }
    }
})
