package io.databridge.pg

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.PgServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.fold
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * `queryBlocking` and `executeBlocking`: the calling thread drives a quiet connection itself (no hand-off to the loop),
 * and gives it back whenever anything else needs it: another caller, a timeout, an interrupt, a close.
 */
class QueryBlockingSpec : FunSpec({
    val url = SharedPostgres.server.url()

    suspend fun <T> onThread(block: () -> T): T = withContext(Dispatchers.IO) { block() }

    test("sequential blocking calls return the right rows and counts") {
        PgConnection.connect(url).use { conn ->
            onThread {
                conn.executeBlocking("CREATE TEMP TABLE blocking_rows (id int4 PRIMARY KEY, label text)") shouldBe -1L
                for (i in 1..300) conn.executeBlocking("INSERT INTO blocking_rows VALUES ($1, $2)", i, "row $i") shouldBe 1L
                var sum = 0L
                for (i in 1..300) {
                    val row = conn.queryBlocking("SELECT id, label FROM blocking_rows WHERE id = $1", i).rows.single()
                    row.getString(1) shouldBe "row $i"
                    sum += row.getInt(0)
                }
                sum shouldBe (1..300).sumOf { it.toLong() }
            }
        }
    }

    test("once lent, a blocking call needs nothing from the event loop thread") {
        PgConnection.connect(url).use { conn ->
            onThread { conn.queryBlocking("SELECT 1").rows.single().getInt(0) shouldBe 1 }
            val loopHeld = CountDownLatch(1)
            val release = CountDownLatch(1)
            conn.transport.eventLoop.execute {
                loopHeld.countDown()
                release.await(30, TimeUnit.SECONDS)
            }
            try {
                loopHeld.await(30, TimeUnit.SECONDS) shouldBe true
                onThread { conn.queryBlocking("SELECT $1::int4 + 1", 41).rows.single().getInt(0) } shouldBe 42
            } finally {
                release.countDown()
            }
            conn.query("SELECT 2").rows.single().getInt(0) shouldBe 2
        }
    }

    test("blocking threads and suspending callers share one connection, each getting its own answers") {
        PgConnection.connect(url).use { conn ->
            val pool = Executors.newFixedThreadPool(3)
            try {
                coroutineScope {
                    val blocking = (0 until 3).map { t ->
                        async {
                            withContext(pool.asCoroutineDispatcher()) {
                                var sum = 0L
                                for (i in 0 until 150) sum += conn.queryBlocking("SELECT $1::int8", t * 1000L + i).rows.single().getLong(0)
                                sum
                            }
                        }
                    }
                    val suspending = async {
                        var sum = 0L
                        for (i in 0 until 150) sum += conn.query("SELECT $1::int8", 5000L + i).rows.single().getLong(0)
                        sum
                    }
                    blocking.awaitAll() shouldContainExactly (0 until 3).map { t -> (0 until 150).sumOf { t * 1000L + it } }
                    suspending.await() shouldBe (0 until 150).sumOf { 5000L + it }
                }
            } finally {
                pool.shutdown()
            }
            onThread { conn.queryBlocking("SELECT 3").rows.single().getInt(0) } shouldBe 3
        }
    }

    test("a server error is thrown and the connection stays usable for blocking and suspending calls") {
        PgConnection.connect(url).use { conn ->
            onThread {
                shouldThrow<PgServerException> { conn.queryBlocking("SELECT nope") }.message shouldContain "nope"
                conn.queryBlocking("SELECT 4").rows.single().getInt(0) shouldBe 4
            }
            conn.query("SELECT 5").rows.single().getInt(0) shouldBe 5
        }
    }

    test("a timeout cancels the statement, throws QueryTimeoutException and leaves the connection usable") {
        PgConnection.connect(url).use { conn ->
            onThread {
                conn.queryBlocking("SELECT 1")
                shouldThrow<QueryTimeoutException> { conn.queryBlocking("SELECT pg_sleep(30)", timeout = 300.milliseconds) }
                conn.queryBlocking("SELECT 6").rows.single().getInt(0) shouldBe 6
            }
        }
    }

    test("an interrupted caller gets CancellationException and keeps its interrupt status; the statement is cancelled, the connection stays usable") {
        PgConnection.connect(url).use { conn ->
            onThread { conn.queryBlocking("SELECT 1") }
            val outcome = AtomicReference<Throwable?>()
            val stillInterrupted = AtomicReference<Boolean>()
            val caller = thread(name = "blocking-caller") {
                outcome.set(runCatching { conn.queryBlocking("SELECT pg_sleep(30)") }.exceptionOrNull())
                stillInterrupted.set(Thread.currentThread().isInterrupted)
            }
            waitUntil { conn.activeQueries(url).any { it.contains("pg_sleep(30)") } }
            caller.interrupt()
            caller.join(20_000)
            caller.isAlive shouldBe false
            outcome.get().shouldBeInstanceOf<java.util.concurrent.CancellationException>()
            stillInterrupted.get() shouldBe true
            onThread { conn.queryBlocking("SELECT 7").rows.single().getInt(0) } shouldBe 7
        }
    }

    test("closing the connection from another thread ends a blocking call at once") {
        val conn = PgConnection.connect(url)
        onThread { conn.queryBlocking("SELECT 1") }
        val outcome = AtomicReference<Throwable?>()
        val caller = thread(name = "blocking-caller") {
            outcome.set(runCatching { conn.queryBlocking("SELECT pg_sleep(30)") }.exceptionOrNull())
        }
        waitUntil { conn.activeQueries(url).any { it.contains("pg_sleep(30)") } }
        conn.close()
        caller.join(20_000)
        caller.isAlive shouldBe false
        outcome.get().shouldBeInstanceOf<ConnectionClosedException>()
        shouldThrow<ConnectionClosedException> { onThread { conn.queryBlocking("SELECT 1") } }
    }

    test("a session the server ends while lent fails the next blocking call with ConnectionClosedException") {
        val conn = PgConnection.connect(url)
        onThread { conn.queryBlocking("SELECT 1") }
        PgConnection.connect(url).use { admin -> admin.query("SELECT pg_terminate_backend($1)", conn.backendPid) }
        shouldThrow<ConnectionClosedException> { onThread { conn.queryBlocking("SELECT 1") } }
        conn.isOpen shouldBe false
    }

    test("notifications still arrive while the connection is used by blocking calls") {
        PgConnection.connect(url).use { conn ->
            PgConnection.connect(url).use { other ->
                val received = CompletableDeferred<Notification>()
                coroutineScope {
                    val collector = launch { received.complete(conn.notifications.first()) }
                    waitUntil { conn.driver.notifications.subscriptionCount.value > 0 }
                    onThread { conn.executeBlocking("LISTEN blocking_channel") }
                    other.execute("NOTIFY blocking_channel, 'hello'")
                    withTimeout(20.seconds) { received.await() }.payload shouldBe "hello"
                    collector.join()
                }
            }
        }
    }

    test("a pool's blocking calls borrow a connection each, alongside suspending callers, and give it back") {
        PgPool.create("$url?pool_max_size=2").use { pool ->
            val threads = Executors.newFixedThreadPool(3)
            try {
                coroutineScope {
                    val blocking = (0 until 3).map { t ->
                        async(threads.asCoroutineDispatcher()) {
                            (0 until 100).sumOf { i -> pool.queryBlocking("SELECT $1::int8", t * 1000L + i).rows.single().getLong(0) }
                        }
                    }
                    val suspending = async { (0 until 100).sumOf { i -> pool.query("SELECT $1::int8", 9000L + i).rows.single().getLong(0) } }
                    blocking.awaitAll() shouldContainExactly (0 until 3).map { t -> (0 until 100).sumOf { t * 1000L + it } }
                    suspending.await() shouldBe (0 until 100).sumOf { 9000L + it }
                }
            } finally {
                threads.shutdown()
            }
            onThread {
                shouldThrow<PgServerException> { pool.executeBlocking("SELECT nope") }
                pool.executeBlocking("SELECT 1") shouldBe 1L
            }
            pool.stats().inUse shouldBe 0
        }
    }

    test("TLS and Ktor-transport connections answer blocking calls through their loop, timeouts included") {
        EmbeddedPostgres.start { tls() }.use { pg ->
            PgConnection.connect(pg.url() + "?sslmode=require").use { tls ->
                tls.isTls shouldBe true
                onThread {
                    (1..50).sumOf { tls.queryBlocking("SELECT $1::int8", it.toLong()).rows.single().getLong(0) } shouldBe 1275L
                    shouldThrow<QueryTimeoutException> { tls.queryBlocking("SELECT pg_sleep(30)", timeout = 200.milliseconds) }
                    tls.queryBlocking("SELECT 9").rows.single().getInt(0) shouldBe 9
                }
            }
        }
        PgConnection.connect(url, ConnectOptions(transport = TransportKind.KTOR)).use { ktor ->
            onThread { (1..50).sumOf { ktor.queryBlocking("SELECT $1::int8", it.toLong()).rows.single().getLong(0) } } shouldBe 1275L
        }
    }

    test("without a statement cache, with a type looked up in the catalog, and inside a transaction") {
        PgConnection.connect("$url?statement_cache_size=0").use { conn ->
            onThread {
                conn.executeBlocking("CREATE TYPE pg_temp.blocking_mood AS ENUM ('calm', 'busy')")
                conn.queryBlocking("SELECT 'busy'::pg_temp.blocking_mood").rows.single().getString(0) shouldBe "busy"
                conn.executeBlocking("CREATE TEMP TABLE blocking_tx (id int4)")
                conn.executeBlocking("BEGIN")
                conn.executeBlocking("INSERT INTO blocking_tx VALUES ($1)", 1) shouldBe 1L
                conn.transactionStatus shouldBe io.databridge.pg.protocol.TransactionStatus.IN_TRANSACTION
                conn.executeBlocking("ROLLBACK")
                conn.queryBlocking("SELECT count(*) FROM blocking_tx").rows.single().getLong(0) shouldBe 0L
            }
        }
    }

    test("a stream collected on the connection while a blocking thread makes calls on it") {
        PgConnection.connect(url).use { conn ->
            onThread { conn.queryBlocking("SELECT 1") }
            coroutineScope {
                val streamed = async { conn.stream("SELECT n FROM generate_series(1, 20000) n", fetchSize = 100).fold(0L) { sum, row -> sum + row.getInt(0) } }
                val blocking = async(Dispatchers.IO) { (1..200).sumOf { conn.queryBlocking("SELECT $1::int8", it.toLong()).rows.single().getLong(0) } }
                streamed.await() shouldBe (1..20000).sumOf { it.toLong() }
                blocking.await() shouldBe (1..200).sumOf { it.toLong() }
            }
        }
    }

    test("calling it on the connection's event loop thread is refused") {
        PgConnection.connect(url).use { conn ->
            withContext(conn.dispatcher) {
                shouldThrow<IllegalStateException> { conn.queryBlocking("SELECT 1") }.message shouldContain "event loop"
            }
            onThread { conn.queryBlocking("SELECT 8").rows.single().getInt(0) } shouldBe 8
        }
    }
})

private suspend fun PgConnection.activeQueries(url: String): List<String> =
    PgConnection.connect(url).use { probe ->
        probe.query("SELECT query FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", backendPid).rows.map { it.getString(0) ?: "" }
    }

private suspend fun waitUntil(condition: suspend () -> Boolean) {
    withTimeout(30.seconds) {
        while (!condition()) kotlinx.coroutines.delay(20)
    }
}
