package io.databridge.pg.transport

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.TransportKind
import io.databridge.pg.errors.AdminShutdownException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/** Over TLS, a session the server ends is reported as ended by the server, never as closed by the client. */
class TlsServerCloseSpec : FunSpec({
    val pg = EmbeddedPostgres.start { tls() }
    afterSpec { pg.close() }

    for (kind in TransportKind.entries) {
        test("$kind: a TLS session the server terminates mid-query is not reported as closed by the client") {
            val options = ConnectOptions(transport = kind)
            PgConnection.connect(pg.url() + "?sslmode=require", options).use { victim ->
                victim.isTls shouldBe true
                PgConnection.connect(pg.url() + "?sslmode=require", options).use { admin ->
                    coroutineScope {
                        // runCatching: the failure is the point, and must not cancel this scope before it is examined.
                        val running = async { runCatching { victim.query("SELECT pg_sleep(30)") } }
                        withTimeout(10.seconds) {
                            while (admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", victim.backendPid)
                                    .rows.single().getLong(0) == 0L
                            ) {
                                delay(20)
                            }
                        }
                        admin.query("SELECT pg_terminate_backend($1)", victim.backendPid)
                        // The FATAL error of the terminated backend, or the close that follows it.
                        val failure = withTimeout(10.seconds) { running.await() }.exceptionOrNull().shouldBeInstanceOf<DataBridgeException>()
                        if (failure !is AdminShutdownException) failure.message shouldNotContain "closed by the client"

                    }
                }
                withTimeout(10.seconds) { while (victim.isOpen) delay(10) }
                val e = shouldThrow<ConnectionClosedException> { victim.query("SELECT 1") }
                e.message shouldNotContain "closed by the client"
                e.message shouldContain "server"
            }
        }
    }
})
