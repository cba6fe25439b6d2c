package io.databridge.pg

import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.protocol.BackendDecoder
import io.databridge.pg.protocol.ReportedParameters
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class ServerThatLiesSpec : FunSpec({
    test("a DataRow with more columns than its RowDescription is a ProtocolException and closes the connection") {
        FakeServer { input, out ->
            out.ready()
            input.untilSync()
            out.answerPrepare()
            input.untilSync()
            out.answerExecute(listOf(listOf("a", "smuggled")))
            input.read()
        }.use { server ->
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url) }
            val e = withTimeout(10.seconds) { shouldThrow<ProtocolException> { connection.query("SELECT v") } }
            e.message shouldContain "2 columns but its RowDescription announced 1"
            connection.isOpen shouldBe false
            shouldThrow<ConnectionClosedException> { connection.query("SELECT v") }
        }
    }

    test("a DataRow with fewer columns than its RowDescription is refused too, also when rows are not kept") {
        FakeServer { input, out ->
            out.ready()
            input.untilSync()
            out.answerPrepare()
            input.untilSync()
            out.answerExecute(listOf(emptyList()))
            input.read()
        }.use { server ->
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url) }
            withTimeout(10.seconds) { shouldThrow<ProtocolException> { connection.execute("SELECT v") } }
            connection.isOpen shouldBe false
        }
    }

    test("a NegotiateProtocolVersion offering a version above the requested 3.0 is refused") {
        FakeServer { input, out ->
            out.message('v', body(196610, 0))
            out.ready()
            input.read()
        }.use { server ->
            val e = withTimeout(10.seconds) { shouldThrow<ProtocolException> { PgConnection.connect(server.url) } }
            e.message shouldContain "offered protocol version 3.2"
        }
    }

    test("a NegotiateProtocolVersion for 3.0 that only lists ignored options is accepted") {
        FakeServer { input, out ->
            out.message('v', body(196608, 1, "_pq_.unknown"))
            out.ready()
            input.read()
        }.use { server ->
            withTimeout(10.seconds) { PgConnection.connect(server.url) }.use { it.isOpen shouldBe true }
        }
    }

    test("a ParameterStatus above the documented limit is refused with a clear error; a large legal one is kept") {
        fun reporting(name: String, value: String) = FakeServer { input, out ->
            out.message('R', byteArrayOf(0, 0, 0, 0))
            out.message('S', body(name, value))
            out.message('Z', byteArrayOf('I'.code.toByte()))
            out.flush()
            input.read()
        }
        reporting("application_name", "x".repeat(10 shl 20)).use { server ->
            val e = withTimeout(10.seconds) { shouldThrow<ProtocolException> { PgConnection.connect(server.url) } }
            e.message shouldContain "exceeds the limit of ${BackendDecoder.MAX_PARAMETER_STATUS_SIZE} bytes"
        }
        val large = "y".repeat(BackendDecoder.MAX_PARAMETER_STATUS_SIZE - 100)
        reporting("search_path", large).use { server ->
            withTimeout(10.seconds) { PgConnection.connect(server.url) }.use { it.parameters["search_path"] shouldBe large }
        }
    }

    test("a server reporting ever new run-time parameter names is refused past the documented count; re-reports of one name are kept once") {
        fun reporting(names: (Int) -> String, count: Int, value: (Int) -> String) = FakeServer { input, out ->
            out.message('R', byteArrayOf(0, 0, 0, 0))
            for (i in 0 until count) out.message('S', body(names(i), value(i)))
            out.message('Z', byteArrayOf('I'.code.toByte()))
            out.flush()
            input.read()
        }
        reporting({ "p$it" }, 100_000, { "v" }).use { server ->
            val e = withTimeout(30.seconds) { shouldThrow<ProtocolException> { PgConnection.connect(server.url) } }
            e.message shouldContain "more than ${ReportedParameters.MAX_NAMES} distinct run-time parameters"
        }
        reporting({ "application_name" }, 100_000, { "a$it" }).use { server ->
            withTimeout(30.seconds) { PgConnection.connect(server.url) }.use { connection ->
                connection.parameters["application_name"] shouldBe "a99999"
                connection.parameters.size shouldBe 1
            }
        }
    }

    test("run-time parameters whose total size passes the documented limit are refused, each one below the per-parameter limit") {
        val value = "x".repeat(60_000)
        FakeServer { input, out ->
            out.message('R', byteArrayOf(0, 0, 0, 0))
            for (i in 0 until 20) out.message('S', body("p$i", value))
            out.message('Z', byteArrayOf('I'.code.toByte()))
            out.flush()
            input.read()
        }.use { server ->
            val e = withTimeout(10.seconds) { shouldThrow<ProtocolException> { PgConnection.connect(server.url) } }
            e.message shouldContain "exceed the limit of ${ReportedParameters.MAX_TOTAL_CHARS} characters"
        }
    }

    test("a pool lends a connection whose timed-out query the server never ends to no one: a queued caller gets a fresh one well within the grace period") {
        val stuckClosed = CountDownLatch(1)
        // Sockets: the stuck session, its CancelRequest and the one sent again, the replacement, one spare.
        FakeServer(connections = 5) { n, input, out ->
            if (n == 0) {
                out.neverAnswerFirstQuery(input)
                stuckClosed.countDown()
            } else {
                out.ready()
                out.serveQueries(input, listOf(listOf("fresh")))
            }
        }.use { server ->
            // One shared operation per connection, so the second caller queues instead of pipelining behind the first.
            val pool = PgPool.create(server.url + "&pool_min_size=0&pool_max_size=1", PgPoolOptions(maxSharedInFlight = 1))
            try {
                coroutineScope {
                    val stuck = async { shouldThrow<QueryTimeoutException> { pool.query("SELECT v", timeout = 300.milliseconds) } }
                    eventually(10) { pool.stats().inUse == 1 }
                    val queued = async { pool.query("SELECT v").rows.single().getString(0) }
                    // The default grace period is 10 s: the answer must not wait for it.
                    withTimeout(8.seconds) { queued.await() } shouldBe "fresh"
                    stuck.await()
                }
                stuckClosed.await(10, TimeUnit.SECONDS) shouldBe true
                eventually(10) { pool.stats().let { it.size == 1 && it.idle == 1 && it.inUse == 0 } }
                pool.stats().discarded shouldBe 1L
                pool.stats().creations shouldBe 2L
            } finally {
                pool.close()
            }
        }
    }

    test("a connection whose cancelled query the server never ends is closed after the grace period, never reused") {
        FakeServer(connections = 2) { n, input, out ->
            if (n == 0) out.neverAnswerFirstQuery(input)
        }.use { server ->
            val options = ConnectOptions(cancelGracePeriod = 500.milliseconds)
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url, options) }
            withTimeout(10.seconds) { shouldThrow<QueryTimeoutException> { connection.query("SELECT v", timeout = 300.milliseconds) } }
            eventually(10) { !connection.isOpen }
            shouldThrow<ConnectionClosedException> { connection.query("SELECT v") }.message shouldContain "no answer within 500ms"
        }
    }

    test("a pool replaces a connection whose timed-out query the server never ends") {
        // Sockets: the first session, its CancelRequest and the cancel sent once more, then the replacement.
        FakeServer(connections = 4) { n, input, out ->
            when (n) {
                0 -> out.neverAnswerFirstQuery(input)
                1 -> {
                    out.ready()
                    out.serveQueries(input, listOf(listOf("fresh")))
                }
            }
        }.use { server ->
            val pool = PgPool.create(
                server.url + "&pool_min_size=0&pool_max_size=1",
                PgPoolOptions(connect = ConnectOptions(cancelGracePeriod = 500.milliseconds)),
            )
            try {
                withTimeout(10.seconds) {
                    shouldThrow<QueryTimeoutException> { pool.withConnection { it.query("SELECT v", timeout = 300.milliseconds) } }
                }
                val answer = withTimeout(10.seconds) { pool.withConnection { it.query("SELECT v").rows.single().getString(0) } }
                answer shouldBe "fresh"
            } finally {
                pool.closeGracefully()
            }
        }
    }

    test("without a cancel key (none sent) a given-up query that never ends still closes the connection after the grace period") {
        FakeServer { input, out ->
            out.ready()
            input.untilSync()
            out.answerPrepare()
            input.untilSync()
            input.read()
        }.use { server ->
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url, ConnectOptions(cancelGracePeriod = 300.milliseconds)) }
            withTimeout(10.seconds) { shouldThrow<QueryTimeoutException> { connection.query("SELECT v", timeout = 200.milliseconds) } }
            eventually(10) { !connection.isOpen }
        }
    }

    test("with no connect_timeout a silent server is given up after the 10 s default") {
        FakeServer { input, _ -> input.read() }.use { server ->
            val url = server.url.replace("&connect_timeout=5", "")
            val failure = withTimeout(30.seconds) {
                shouldThrow<io.databridge.pg.errors.ConnectTimeoutException> { PgConnection.connect(url) }
            }
            failure.timeoutMillis shouldBe 10_000L
        }
    }
})
