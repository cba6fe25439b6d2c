package io.databridge.ktor

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.databridge.pg.PgConnection
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldEndWith
import io.ktor.server.application.install
import io.ktor.server.cio.CIO
import io.ktor.server.engine.embeddedServer
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import java.net.Socket
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.delay

class DisconnectSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("ktor-disconnect"))

    suspend fun sleepingBackends(): Long = PgConnection.connect(db.url).use { c ->
        c.query(
            "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = 'ktor_disconnect' " +
                "AND state = 'active' AND query LIKE '%pg_sleep(30)%'",
        ).rows.single().getLong(0)
    }

    suspend fun awaitSleeping(expected: Long) {
        val start = TimeSource.Monotonic.markNow()
        while (sleepingBackends() != expected) {
            check(start.elapsedNow() < 5.seconds) { "the backend count running pg_sleep(30) did not become $expected within 5 s" }
            delay(50)
        }
    }

    /** Reads one HTTP/1.1 response: its head, then as many body bytes as its Content-Length says. */
    fun readResponse(socket: Socket): String {
        val input = socket.getInputStream()
        val head = StringBuilder()
        while (!head.endsWith("\r\n\r\n")) {
            val next = input.read()
            if (next < 0) return head.toString()
            head.append(next.toChar())
        }
        val length = Regex("(?im)^content-length:\\s*(\\d+)").find(head)?.groupValues?.get(1)?.toInt() ?: 0
        return head.toString() + input.readNBytes(length).decodeToString()
    }

    test("a client that disconnects from a real CIO server cancels its running query; the pool stays usable") {
        val server = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
            install(DataBridge) {
                environment = emptyMap()
                url = "${db.url}?application_name=ktor_disconnect"
                pool { maxSize = 1 }
            }
            routing {
                get("/sleep") { call.respondText(call.dataBridge.query("SELECT pg_sleep(30)").rows.size.toString()) }
                get("/ping") { call.respondText(call.dataBridge.query("SELECT 'pong'").rows.single().getString(0)) }
            }
        }
        server.start(wait = false)
        try {
            val port = server.engine.resolvedConnectors().single().port
            Socket("127.0.0.1", port).use { socket ->
                socket.getOutputStream().write("GET /sleep HTTP/1.1\r\nHost: localhost\r\n\r\n".toByteArray())
                socket.getOutputStream().flush()
                awaitSleeping(1)
            }
            // The socket is closed: the server cancels the call, the engine sends a CancelRequest.
            awaitSleeping(0)
            // The only pooled connection is back in service. The request keeps its connection open: Ktor 3.5's CIO
            // engine cancels a `Connection: close` call once its request is read (KTOR-9731), which is not what this
            // test is about.
            Socket("127.0.0.1", port).use { socket ->
                socket.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n".toByteArray())
                // The whole response on failure: its status line says what the server made of the call.
                readResponse(socket) shouldEndWith "\r\n\r\npong"
            }
        } finally {
            server.stop(gracePeriodMillis = 0, timeoutMillis = 5_000)
        }
    }
})
