package io.databridge.ktor

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.InvalidIdentifierException
import io.databridge.pg.notify
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.ktor.client.plugins.sse.SSE
import io.ktor.client.plugins.sse.sse
import io.ktor.server.routing.routing
import io.ktor.server.testing.testApplication
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.withTimeout

class SseSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("ktor-sse"))

    test("a NOTIFY reaches an SSE client of the channel, payload intact") {
        testApplication {
            startWith(configFor(db, "ktor_sse")) { routing { notificationEvents("/events", "orders", "invoices") } }
            val sseClient = createClient { install(SSE) }
            val payload = "order 7 shipped\nto \"Ålesund\""
            withTimeout(20_000) {
                sseClient.sse("/events") {
                    val received = incoming
                        .onEach { event ->
                            if (event.event == "listening") {
                                event.data shouldBe "orders,invoices"
                                // Sent from another session, as an application would.
                                PgConnection.connect(db.url).use { it.notify("invoices", payload) }
                            }
                        }
                        .filter { it.event == "invoices" }
                        .first()
                    // A multi-line payload travels as one `data:` line each; Ktor's client rejoins them with CRLF.
                    received.data!!.lines() shouldBe payload.lines()
                }
            }
        }
    }

    test("a channel name that cannot be an identifier stops the application at start-up") {
        for (bad in listOf("", "x".repeat(64), "nul\u0000byte")) {
            shouldThrow<InvalidIdentifierException> {
                testApplication {
                    startWith(configFor(db, "ktor_sse_bad")) { routing { notificationEvents("/events", "orders", bad) } }
                }
            }
        }
    }

    test("any identifier PostgreSQL accepts quoted works as a channel name") {
        val channel = "Order \"Items\" größe"
        testApplication {
            startWith(configFor(db, "ktor_sse_quoted")) { routing { notificationEvents("/events", channel) } }
            val sseClient = createClient { install(SSE) }
            withTimeout(20_000) {
                sseClient.sse("/events") {
                    val received = incoming
                        .onEach { event ->
                            if (event.event == "listening") PgConnection.connect(db.url).use { it.notify(channel, "hello") }
                        }
                        .filter { it.event == channel }
                        .first()
                    received.data shouldBe "hello"
                }
            }
        }
    }
})
