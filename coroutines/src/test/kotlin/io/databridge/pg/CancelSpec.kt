package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.ConnectionClosedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class CancelSpec : FunSpec({
    val url = SharedPostgres.server.url()

    test("cancelling the caller cancels pg_sleep on the server and the connection stays usable") {
        PgConnection.connect(url).use { c ->
            val started = System.nanoTime()
            coroutineScope {
                val sleeper = launch { c.query("SELECT pg_sleep(30)") }
                delay(300)
                sleeper.cancelAndJoin()
            }
            c.query("SELECT 41 + 1").rows.single().getInt(0) shouldBe 42
            (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 5_000L
            c.query("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'")
                .rows.single().getLong(0) shouldBe 0L
        }
    }

    test("a timeout cancels the query with a typed error") {
        PgConnection.connect(url).use { c ->
            val started = System.nanoTime()
            shouldThrow<QueryTimeoutException> { c.query("SELECT pg_sleep(30)", timeout = 300.milliseconds) }.timeoutMillis shouldBe 300L
            c.query("SELECT 'after'").rows.single().getString(0) shouldBe "after"
            (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 5_000L
        }
    }

    test("cancelling one pipelined request leaves the requests queued around it intact") {
        PgConnection.connect(url).use { c ->
            coroutineScope {
                val before = async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT 1, pg_sleep(0.2)").rows.single().getInt(0) }
                val sleeper = async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT pg_sleep(30)") }
                val after = async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT 3").rows.single().getInt(0) }
                delay(100)
                sleeper.cancel()
                withTimeout(10.seconds) {
                    before.await() shouldBe 1
                    after.await() shouldBe 3
                }
            }
            c.query("SELECT 4").rows.single().getInt(0) shouldBe 4
        }
    }

    test("pg_terminate_backend fails the in-flight request with ConnectionClosedException, later calls fail fast") {
        val victim = PgConnection.connect(url)
        PgConnection.connect(url).use { killer ->
            coroutineScope {
                val inFlight = async { runCatching { victim.query("SELECT pg_sleep(30)") } }
                delay(300)
                killer.query("SELECT pg_terminate_backend($1)", victim.backendPid).rows.single().getBoolean(0) shouldBe true
                val failure = withTimeout(10.seconds) { inFlight.await() }.exceptionOrNull()
                (failure is ConnectionClosedException) shouldBe true
            }
        }
        shouldThrow<ConnectionClosedException> { victim.query("SELECT 1") }
        victim.isOpen shouldBe false
        victim.close()
    }

    test("a stream stopped early releases the connection for queued calls") {
        PgConnection.connect(url).use { c ->
            var seen = 0
            val outcome = runCatching {
                c.stream("SELECT g FROM generate_series(1, 1000000) g", fetchSize = 50).collect {
                    seen++
                    if (seen == 120) throw StopCollecting()
                }
            }
            (outcome.exceptionOrNull() is StopCollecting) shouldBe true
            withTimeout(10.seconds) { c.query("SELECT 5").rows.single().getInt(0) } shouldBe 5
            seen shouldBeLessThan 1000
        }
    }
})

private class StopCollecting : RuntimeException()
