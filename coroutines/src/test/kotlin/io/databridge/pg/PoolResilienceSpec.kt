package io.databridge.pg

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.SharedPostgres
import io.databridge.embedded.proxy.FaultProxy
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.pool.PoolStats
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.comparables.shouldBeLessThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/** Runs [block], checking it ends within [limitSeconds] and fails, if at all, with a typed data-bridge error. */
private suspend fun attempt(limitSeconds: Int, block: suspend () -> Unit): Throwable? {
    val started = TimeSource.Monotonic.markNow()
    val failure = runCatching { withTimeout(limitSeconds.seconds) { block() } }.exceptionOrNull()
    started.elapsedNow() shouldBeLessThan limitSeconds.seconds
    failure?.shouldBeInstanceOf<DataBridgeException>()
    return failure
}

private fun PoolStats.shouldBeSettled(maxSize: Int) {
    inUse shouldBe 0
    waiters shouldBe 0
    size shouldBeLessThanOrEqual maxSize
}

class PoolResilienceSpec : FunSpec({
    val server = SharedPostgres.server

    test("terminated backends: callers in flight get typed errors, the pool hands out only live connections") {
        val app = "resilience-terminate"
        val pool = PgPool.create("${server.url()}?pool_max_size=3&pool_min_size=3&application_name=$app", PgPoolOptions(maxSharedInFlight = 1))
        try {
            coroutineScope {
                val inFlight = (1..3).map { async { attempt(20) { pool.query("SELECT pg_sleep(20)") } } }
                PgConnection.connect(server.url()).use { admin ->
                    val active = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$app' AND state = 'active'"
                    withTimeout(10.seconds) { while (admin.query(active).rows.single().getLong(0) < 3) delay(20.milliseconds) }
                    admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$app'")
                }
                inFlight.awaitAll().forEach { it.shouldBeInstanceOf<DataBridgeException>() }
            }
            delay(300.milliseconds)
            coroutineScope { (1..30).map { async { pool.query("SELECT 1").rows.single().getInt(0) } }.awaitAll() } shouldBe List(30) { 1 }
            pool.stats().shouldBeSettled(3)
        } finally {
            pool.closeGracefully()
        }
    }

    test("a server restart on the same port: typed errors while it is down, recovery afterwards") {
        var pg = EmbeddedPostgres.start()
        val port = pg.port
        val pool = PgPool.create("${pg.url()}?pool_max_size=2&pool_acquire_timeout=2s&connect_timeout=2")
        try {
            pool.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            pg.close()
            repeat(3) { attempt(10) { pool.query("SELECT 1") }.shouldBeInstanceOf<DataBridgeException>() }
            pg = EmbeddedPostgres.builder().port(port).start()
            coroutineScope { (1..20).map { async { pool.query("SELECT 2").rows.single().getInt(0) } }.awaitAll() } shouldBe List(20) { 2 }
            pool.stats().shouldBeSettled(2)
        } finally {
            pool.closeGracefully()
            pg.close()
        }
    }

    test("a proxy that drops, delays, truncates and resets: no hang, typed errors, the pool returns to normal") {
        FaultProxy.start(server).use { proxy ->
            val url = "postgresql://${server.superuser}@${proxy.host}:${proxy.port}/postgres" +
                "?pool_max_size=2&pool_acquire_timeout=1s&connect_timeout=1"
            val pool = PgPool.create(url)
            try {
                pool.query("SELECT 1").rows.single().getInt(0) shouldBe 1

                proxy.drop()
                repeat(4) { attempt(5) { pool.query("SELECT 1", timeout = 300.milliseconds) }.shouldBeInstanceOf<DataBridgeException>() }
                attempt(5) { pool.withConnection { it.query("SELECT 1", timeout = 300.milliseconds) } }.shouldBeInstanceOf<DataBridgeException>()
                proxy.passThrough()
                proxy.reset()
                delay(300.milliseconds)
                pool.query("SELECT 3").rows.single().getInt(0) shouldBe 3
                pool.stats().shouldBeSettled(2)

                proxy.delay(java.time.Duration.ofMillis(400))
                attempt(5) { pool.query("SELECT 1", timeout = 100.milliseconds) }.shouldBeInstanceOf<QueryTimeoutException>()
                pool.query("SELECT 4", timeout = 10.seconds).rows.single().getInt(0) shouldBe 4
                proxy.passThrough()

                proxy.truncate(10)
                repeat(3) { attempt(5) { pool.query("SELECT 'truncated by the proxy'") }.shouldBeInstanceOf<DataBridgeException>() }
                proxy.passThrough()
                delay(300.milliseconds)
                coroutineScope { (1..10).map { async { pool.query("SELECT 5").rows.single().getInt(0) } }.awaitAll() } shouldBe List(10) { 5 }
                pool.stats().shouldBeSettled(2)
                proxy.stats().open shouldBeLessThanOrEqual 2
            } finally {
                pool.closeGracefully()
            }
            withTimeout(5.seconds) { while (proxy.stats().open > 0) delay(20.milliseconds) }
        }
    }

    test("a storm of 10,000 cancelled queries and acquisitions leaks nothing") {
        val app = "resilience-storm"
        val pool = PgPool.create("${server.url()}?pool_max_size=2&application_name=$app", PgPoolOptions(maxSharedInFlight = 2))
        try {
            val random = Random(42)
            coroutineScope {
                val jobs = (0 until 10_000).map { i ->
                    val patience = random.nextInt(0, 40).milliseconds
                    launch {
                        withTimeoutOrNull(patience) {
                            if (i % 2 == 0) pool.query("SELECT pg_sleep(0.01)")
                            else pool.withConnection { it.query("SELECT pg_sleep(0.01)") }
                        }
                    }
                }
                delay(20.milliseconds)
                jobs.forEach { it.cancel() }
            }
            pool.stats().shouldBeSettled(2)
            pool.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            pool.withConnection { it.transactionStatus shouldBe io.databridge.pg.protocol.TransactionStatus.IDLE }
            PgConnection.connect(server.url()).use { admin ->
                admin.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = '$app'").rows.single().getLong(0) shouldBe
                    pool.stats().size.toLong()
            }
            pool.stats().shouldBeSettled(2)
        } finally {
            pool.closeGracefully()
        }
        pool.stats().size shouldBe 0
    }
})
