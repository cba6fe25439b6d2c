package io.databridge.pg.micrometer

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.EngineClasses
import io.databridge.pg.PgPool
import io.databridge.pg.pool.PoolTimeoutException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.micrometer.core.instrument.MeterRegistry
import io.micrometer.core.instrument.Tag
import io.micrometer.core.instrument.simple.SimpleMeterRegistry
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlin.time.Duration.Companion.milliseconds

private const val BINDER_PACKAGE = "io/databridge/pg/micrometer/"

class PgPoolMetricsSpec : FunSpec({
    val url = SharedPostgres.server.url()

    suspend fun <T> withPool(settings: String, block: suspend (PgPool) -> T): T {
        val pool = PgPool.create("$url?$settings")
        try {
            return block(pool)
        } finally {
            pool.closeGracefully()
        }
    }

    fun MeterRegistry.gauge(name: String, pool: String): Double = get(name).tag("pool", pool).gauge().value()
    fun MeterRegistry.count(name: String, pool: String): Double = get(name).tag("pool", pool).functionCounter().count()

    test("binds databridge.pool.* meters tagged with the pool name and the extra tags, per pool") {
        withPool("pool_max_size=3") { orders ->
            withPool("pool_max_size=2") { audit ->
                val registry = SimpleMeterRegistry()
                PgPoolMetrics(orders, "orders", listOf(Tag.of("app", "shop"))).bindTo(registry)
                PgPoolMetrics(audit, "audit").bindTo(registry)

                val ordersMeters = registry.meters.filter { it.id.getTag("pool") == "orders" }
                ordersMeters.map { it.id.name }.toSet() shouldBe setOf(
                    "databridge.pool.size", "databridge.pool.idle", "databridge.pool.in.use",
                    "databridge.pool.waiters", "databridge.pool.pending.creations", "databridge.pool.max.size",
                    "databridge.pool.acquired", "databridge.pool.shared.leases", "databridge.pool.timeouts",
                    "databridge.pool.creations", "databridge.pool.creation.failures", "databridge.pool.discarded",
                    "databridge.pool.leaks", "databridge.pool.acquire.count",
                    "databridge.pool.acquire.time", "databridge.pool.acquire.time.max",
                )
                ordersMeters.map { it.id.getTag("app") }.toSet() shouldBe setOf("shop")
                registry.find("databridge.pool.acquire.time").tag("pool", "orders").timeGauges()
                    .map { it.id.getTag("percentile") }.toSet() shouldBe setOf("0.5", "0.95", "0.99")
                registry.meters.count { it.id.getTag("pool") == "audit" } shouldBe ordersMeters.size
                registry.gauge("databridge.pool.max.size", "orders") shouldBe 3.0
                registry.gauge("databridge.pool.max.size", "audit") shouldBe 2.0
                registry.get("databridge.pool.size").tag("pool", "orders").gauge().id.baseUnit shouldBe "connections"
            }
        }
    }

    test("meters follow the pool: queries, a held connection, its return") {
        withPool("pool_max_size=2") { pool ->
            val registry = SimpleMeterRegistry()
            PgPoolMetrics(pool, "p").bindTo(registry)
            registry.gauge("databridge.pool.size", "p") shouldBe 0.0
            registry.count("databridge.pool.shared.leases", "p") shouldBe 0.0

            repeat(3) { pool.query("SELECT 1") }
            registry.count("databridge.pool.shared.leases", "p") shouldBe 3.0
            registry.count("databridge.pool.creations", "p") shouldBe 1.0
            registry.count("databridge.pool.acquire.count", "p") shouldBe 3.0
            registry.gauge("databridge.pool.size", "p") shouldBe 1.0
            registry.gauge("databridge.pool.in.use", "p") shouldBe 0.0

            pool.withConnection {
                registry.gauge("databridge.pool.in.use", "p") shouldBe 1.0
                registry.gauge("databridge.pool.idle", "p") shouldBe 0.0
                registry.count("databridge.pool.acquired", "p") shouldBe 1.0
            }
            registry.gauge("databridge.pool.in.use", "p") shouldBe 0.0
            registry.gauge("databridge.pool.idle", "p") shouldBe 1.0
            registry.count("databridge.pool.discarded", "p") shouldBe 0.0
            registry.count("databridge.pool.timeouts", "p") shouldBe 0.0
        }
    }

    test("a forced acquire timeout is counted; a waiter shows up and its wait lands in the acquire time") {
        withPool("pool_max_size=1&pool_acquire_timeout=300ms") { pool ->
            val registry = SimpleMeterRegistry()
            PgPoolMetrics(pool, "tiny").bindTo(registry)
            val holding = CompletableDeferred<Unit>()
            val release = CompletableDeferred<Unit>()
            coroutineScope {
                launch {
                    pool.withConnection {
                        holding.complete(Unit)
                        release.await()
                    }
                }
                holding.await()
                shouldThrow<PoolTimeoutException> { pool.query("SELECT 1") }
                registry.count("databridge.pool.timeouts", "tiny") shouldBe 1.0

                val waiter = async { pool.withConnection { it.query("SELECT 1").rows.size } }
                while (registry.gauge("databridge.pool.waiters", "tiny") == 0.0) delay(5.milliseconds)
                registry.gauge("databridge.pool.waiters", "tiny") shouldBe 1.0
                delay(150.milliseconds)
                release.complete(Unit)
                waiter.await() shouldBe 1
            }
            registry.gauge("databridge.pool.waiters", "tiny") shouldBe 0.0
            registry.count("databridge.pool.timeouts", "tiny") shouldBe 1.0
            registry.count("databridge.pool.acquired", "tiny") shouldBe 2.0
            val max = registry.get("databridge.pool.acquire.time.max").tag("pool", "tiny").timeGauge()
            max.value(TimeUnit.MILLISECONDS) shouldBeGreaterThanOrEqual 150.0
            val p99 = registry.get("databridge.pool.acquire.time").tags("pool", "tiny", "percentile", "0.99").timeGauge()
            p99.value(TimeUnit.MILLISECONDS) shouldBeGreaterThanOrEqual 150.0
        }
    }

    test("no engine class outside io.databridge.pg.micrometer refers to Micrometer") {
        val referring = EngineClasses.referringTo("io/micrometer/")
        referring.filter { !it.startsWith(BINDER_PACKAGE) }.shouldBeEmpty()
        // The scan must have seen the binder itself, or it looked in the wrong place.
        referring shouldContain "${BINDER_PACKAGE}PgPoolMetrics.class"
    }
})
