package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.SyntaxErrorException
import io.databridge.pg.pool.PoolClosedException
import io.databridge.pg.pool.PoolCreationException
import io.databridge.pg.pool.PoolTimeoutException
import io.databridge.pg.protocol.TransactionStatus
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.comparables.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch

class PgPoolSpec : FunSpec({
    val url = SharedPostgres.server.url()

    suspend fun <T> withPool(settings: String, options: PgPoolOptions = PgPoolOptions(), block: suspend (PgPool) -> T): T {
        val pool = PgPool.create("$url?$settings", options)
        try {
            return block(pool)
        } finally {
            pool.closeGracefully()
        }
    }

    test("pool settings come from the connection string's pool_* options") {
        val config = ConnectionConfig.parse(
            "$url?pool_max_size=7&pool_min_size=2&pool_acquire_timeout=3s&pool_max_lifetime=20s&pool_idle_timeout=0",
        )
        val settings = PgPool.settingsFor(config, PgPoolOptions(name = "orders", maxSharedInFlight = 4))
        settings.name shouldBe "orders"
        settings.maxSize shouldBe 7
        settings.minSize shouldBe 2
        settings.acquireTimeout shouldBe 3.seconds
        settings.maxLifetime shouldBe 20.seconds
        settings.lifetimeJitter shouldBe 2.seconds
        settings.idleTimeout shouldBe Duration.INFINITE
        settings.maxSharedInFlight shouldBe 4
        val defaults = PgPool.settingsFor(ConnectionConfig.parse(url), PgPoolOptions())
        defaults.maxSize shouldBe 10
        defaults.maxLifetime shouldBe 30.minutes
        defaults.acquireTimeout shouldBe 30.seconds
    }

    test("query, execute and executeBatch run on shared leases; concurrent callers pipeline on one connection") {
        withPool("pool_max_size=1", PgPoolOptions(maxSharedInFlight = 8)) { pool ->
            pool.execute("DROP TABLE IF EXISTS pp_items") shouldBe -1
            pool.execute("CREATE TABLE pp_items(id int PRIMARY KEY, name text)")
            pool.executeBatch("INSERT INTO pp_items VALUES ($1, $2)", (1..5).map { listOf(it, "n$it") }).toList() shouldBe List(5) { 1L }
            pool.execute("UPDATE pp_items SET name = upper(name) WHERE id > $1", 3) shouldBe 2
            val results = coroutineScope {
                (1..100).map { i -> async { pool.query("SELECT $1::int4 * 2, pg_backend_pid()", i).rows.single() } }.awaitAll()
            }
            results.map { it.getInt(0) } shouldBe (1..100).map { it * 2 }
            results.map { it.getInt(1) }.toSet().size shouldBe 1
            pool.query("SELECT name FROM pp_items ORDER BY id").rows.map { it.getString(0) } shouldContainExactly
                listOf("n1", "n2", "n3", "N4", "N5")
            val stats = pool.stats()
            stats.size shouldBe 1
            stats.inUse shouldBe 0
            stats.totalSharedLeases shouldBeGreaterThanOrEqual 104L
            stats.creations shouldBe 1L
        }
    }

    test("a server error fails only its caller and the connection stays in the pool") {
        withPool("pool_max_size=1") { pool ->
            shouldThrow<SyntaxErrorException> { pool.query("SELEC 1") }
            pool.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            pool.stats().discarded shouldBe 0L
        }
    }

    test("stream borrows a connection exclusively and returns it when the collection ends, also early") {
        withPool("pool_max_size=1") { pool ->
            pool.stream("SELECT g FROM generate_series(1, 1000) g", fetchSize = 100).map { it.getInt(0) }.toList() shouldBe (1..1000).toList()
            pool.stream("SELECT g FROM generate_series(1, 1000) g", fetchSize = 10).take(3).map { it.getInt(0) }.toList() shouldBe listOf(1, 2, 3)
            pool.stats().inUse shouldBe 0
            pool.stats().totalAcquired shouldBe 2L
            pool.query("SELECT 2").rows.single().getInt(0) shouldBe 2
        }
    }

    test("withConnection hands out one connection exclusively; an open transaction is rolled back on return") {
        withPool("pool_max_size=1&pool_acquire_timeout=300ms") { pool ->
            pool.execute("DROP TABLE IF EXISTS pp_reset")
            pool.execute("CREATE TABLE pp_reset(v int)")
            val inside = CompletableDeferred<Unit>()
            val release = CompletableDeferred<Unit>()
            coroutineScope {
                launch {
                    pool.withConnection { conn ->
                        conn.simpleQuery("BEGIN; INSERT INTO pp_reset VALUES (1)")
                        conn.transactionStatus shouldBe TransactionStatus.IN_TRANSACTION
                        inside.complete(Unit)
                        release.await()
                    }
                }
                inside.await()
                val started = TimeSource.Monotonic.markNow()
                shouldThrow<PoolTimeoutException> { pool.query("SELECT 1") }.message shouldContain "timed out"
                started.elapsedNow() shouldBeLessThan 5.seconds
                release.complete(Unit)
            }
            pool.withConnection { conn ->
                conn.transactionStatus shouldBe TransactionStatus.IDLE
                conn.query("SELECT count(*) FROM pp_reset").rows.single().getLong(0) shouldBe 0L
            }
            pool.stats().discarded shouldBe 0L
            pool.stats().timeouts shouldBe 1L
        }
    }

    test("a connection that broke while borrowed is discarded, not handed out again") {
        withPool("pool_max_size=1") { pool ->
            val firstPid = pool.withConnection { conn ->
                conn.close()
                conn.backendPid
            }
            pool.stats().discarded shouldBe 1L
            pool.query("SELECT pg_backend_pid()").rows.single().getInt(0) shouldNotBe firstPid
            pool.stats().size shouldBe 1
        }
    }

    test("close fails later callers with PoolClosedException and closes the connections") {
        val pool = PgPool.create("$url?pool_max_size=2&pool_min_size=2")
        val conn = pool.withConnection { it }
        pool.query("SELECT 1")
        pool.closeGracefully()
        conn.isOpen shouldBe false
        shouldThrow<PoolClosedException> { pool.query("SELECT 1") }
        shouldThrow<PoolClosedException> { pool.withConnection { } }
        pool.stats().size shouldBe 0
        pool.closeGracefully()
    }

    test("a failing connection attempt reaches the caller as a typed error") {
        val pool = PgPool.create("postgresql://localhost:1/postgres?pool_acquire_timeout=2s&connect_timeout=1")
        try {
            val e = shouldThrow<PoolCreationException> { pool.query("SELECT 1") }
            e.cause.shouldBeInstanceOf<DataBridgeException>()
            pool.stats().creationFailures shouldBeGreaterThanOrEqual 1L
            pool.stats().size shouldBe 0
        } finally {
            pool.closeGracefully()
        }
    }
})

