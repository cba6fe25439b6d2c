package io.databridge.pg

import io.databridge.pg.errors.ConnectionClosedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** A cancelled request still running a second after its CancelRequest gets it once more, but never at a later request's cost. */
class CancelResendSpec : FunSpec({
    test("a CancelRequest the server drops is sent once more; the second ends the request and the connection stays usable") {
        val secondCancel = CountDownLatch(1)
        // Sockets: the session and two CancelRequests.
        FakeServer(connections = 3, onCancel = { if (it == 1) secondCancel.countDown() }) { _, input, out ->
            out.readyWithCancelKey()
            input.untilSync()
            out.answerPrepare()
            input.untilSync()
            // The first CancelRequest is dropped, as PostgreSQL drops one that lands before the backend starts the query.
            if (!secondCancel.await(30, TimeUnit.SECONDS)) return@FakeServer
            out.answerError("57014", "canceling statement due to user request")
            out.serveQueries(input, listOf(listOf("after")))
        }.use { server ->
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url) }
            connection.use {
                withTimeout(10.seconds) { shouldThrow<QueryTimeoutException> { connection.query("SELECT v", timeout = 200.milliseconds) } }
                eventually(20) { server.cancels == 2 }
                withTimeout(10.seconds) { connection.query("SELECT v") }.rows.single().getString(0) shouldBe "after"
                connection.isOpen shouldBe true
            }
        }
    }

    test("no second CancelRequest while another request is written behind the cancelled one: it could hit that request") {
        val unitsRead = AtomicInteger()
        // Sockets: the session and its one CancelRequest (a second one would take the spare).
        FakeServer(connections = 3) { _, input, out ->
            out.readyWithCancelKey()
            input.untilSync()
            out.answerPrepare()
            input.untilSync()
            out.answerExecute(listOf(listOf("warm")))
            repeat(2) {
                input.untilSync()
                unitsRead.incrementAndGet()
            }
            input.read() // neither is answered and the CancelRequest is ignored
        }.use { server ->
            // Grace 2 s: the cancel would be sent again after 1 s, and the connection is closed after 2 s.
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url, ConnectOptions(cancelGracePeriod = 2.seconds)) }
            connection.use {
                withTimeout(10.seconds) { connection.query("SELECT v") }.rows.single().getString(0) shouldBe "warm"
                coroutineScope {
                    val cancelled = launch { connection.query("SELECT v") }
                    eventually(10) { unitsRead.get() == 1 }
                    val behind = async { shouldThrow<ConnectionClosedException> { connection.query("SELECT v") } }
                    eventually(10) { unitsRead.get() == 2 }
                    cancelled.cancelAndJoin()
                    eventually(10) { server.cancels == 1 }
                    withTimeout(20.seconds) { behind.await() }
                }
                connection.isOpen shouldBe false
                server.cancels shouldBe 1
            }
        }
    }
})
