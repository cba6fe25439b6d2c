package io.databridge.pg.transport

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.protocol.writeStartupMessage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

class PostgresSslRequestSpec : FunSpec({
    val group = EventLoopGroup(1, "pg-loop")
    // The shared cluster has TLS on; this spec needs one that refuses it.
    val pg = EmbeddedPostgres.start()
    afterSpec {
        group.close()
        pg.close()
    }

    for (kind in Kind.entries) {
        test("$kind: a server without TLS answers 'N' and the same connection continues in plaintext") {
            kind.factory(group).use { factory ->
                val t = factory.connect(Endpoint.Tcp(pg.host, pg.port))
                t.requestSsl() shouldBe SslResponse.REFUSED
                // The fallback decision point: a StartupMessage on the very same transport must be answered with an
                // Authentication message ('R'), proving the stream is still in step after the refused SSLRequest.
                val collector = Collector()
                withTimeout(10_000) {
                    withContext(t.eventLoop) {
                        t.bind(collector)
                        t.outbound.writeStartupMessage(mapOf("user" to pg.superuser, "database" to "postgres"))
                        t.requestFlush()
                        collector.awaitBytes(9)
                    }
                }
                val reply = collector.bytes()
                reply[0] shouldBe 'R'.code.toByte()
                // AuthenticationOk (trust over loopback): length 8, code 0.
                reply.copyOfRange(1, 9).toList() shouldBe listOf<Byte>(0, 0, 0, 8, 0, 0, 0, 0)
                collector.callbacks shouldBeGreaterThan 0
                t.close()
            }
        }
    }
})
