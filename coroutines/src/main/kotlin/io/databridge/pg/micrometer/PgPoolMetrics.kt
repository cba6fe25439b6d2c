package io.databridge.pg.micrometer

import io.databridge.pg.PgPool
import io.databridge.pg.pool.AcquireTimeSummary
import io.databridge.pg.pool.PoolStats
import io.micrometer.core.instrument.FunctionCounter
import io.micrometer.core.instrument.Gauge
import io.micrometer.core.instrument.MeterRegistry
import io.micrometer.core.instrument.Tag
import io.micrometer.core.instrument.Tags
import io.micrometer.core.instrument.TimeGauge
import io.micrometer.core.instrument.binder.MeterBinder
import java.util.concurrent.TimeUnit
import kotlin.time.Duration

/**
 * Binds a [PgPool]'s [PgPool.stats] to Micrometer as `databridge.pool.*` meters tagged `pool=`[poolName] plus
 * [tags]. Every meter reads the pool's stats when the registry asks (no thread of its own) and holds the pool
 * weakly, as Micrometer gauges do: a pool that was garbage collected reads NaN.
 *
 * Gauges: `size`, `idle`, `in.use`, `waiters`, `pending.creations`, `max.size`. Counters: `acquired`,
 * `shared.leases`, `timeouts`, `creations`, `creation.failures`, `discarded`, `leaks`, `acquire.count`.
 * Acquire time: time gauges `acquire.time` tagged `percentile` = `0.5`, `0.95`, `0.99`, and `acquire.time.max`;
 * they cover every successful acquisition since the pool was created (not a sliding window) and each percentile
 * is the upper edge of a histogram bucket.
 *
 * Only this package touches Micrometer, so the engine runs without it on the classpath.
 */
public class PgPoolMetrics(
    private val pool: PgPool,
    private val poolName: String,
    private val tags: Iterable<Tag> = emptyList(),
) : MeterBinder {

    override fun bindTo(registry: MeterRegistry) {
        val allTags = Tags.of(tags).and(POOL_TAG, poolName)
        gauge(registry, allTags, "size", "Open connections owned by the pool: idle plus in use", "connections") { size }
        gauge(registry, allTags, "idle", "Connections waiting to be handed out", "connections") { idle }
        gauge(registry, allTags, "in.use", "Connections borrowed, carrying shared statements or being checked", "connections") {
            inUse
        }
        gauge(registry, allTags, "waiters", "Callers waiting for a connection", "callers") { waiters }
        gauge(registry, allTags, "pending.creations", "Connections being opened right now", "connections") {
            pendingCreations
        }
        gauge(registry, allTags, "max.size", "The configured maximum pool size", "connections") { maxSize }

        counter(registry, allTags, "acquired", "Exclusive acquisitions that succeeded") { totalAcquired }
        counter(registry, allTags, "shared.leases", "Shared leases that succeeded") { totalSharedLeases }
        counter(registry, allTags, "timeouts", "Acquisitions and leases that timed out") { timeouts }
        counter(registry, allTags, "creations", "Connections the pool opened") { creations }
        counter(registry, allTags, "creation.failures", "Connection attempts that failed") { creationFailures }
        counter(registry, allTags, "discarded", "Connections the pool closed") { discarded }
        counter(registry, allTags, "leaks", "Exclusive borrows reported as possible leaks") { leaksReported }
        counter(registry, allTags, "acquire.count", "Successful acquisitions and leases whose wait was recorded") {
            acquireTime.count
        }

        for ((percentile, read) in PERCENTILES) {
            val percentileTags = allTags.and(PERCENTILE_TAG, percentile)
            timeGauge(registry, percentileTags, "acquire.time", "Wait to acquire a connection since the pool was created") {
                read(acquireTime)
            }
        }
        timeGauge(registry, allTags, "acquire.time.max", "Longest wait to acquire a connection since the pool was created") {
            acquireTime.max
        }
    }

    private fun gauge(
        registry: MeterRegistry,
        tags: Tags,
        name: String,
        description: String,
        unit: String,
        read: PoolStats.() -> Int,
    ) {
        Gauge.builder(PREFIX + name, pool) { it.stats().read().toDouble() }
            .tags(tags).description(description).baseUnit(unit).register(registry)
    }

    private fun counter(
        registry: MeterRegistry,
        tags: Tags,
        name: String,
        description: String,
        read: PoolStats.() -> Long,
    ) {
        FunctionCounter.builder(PREFIX + name, pool) { it.stats().read().toDouble() }
            .tags(tags).description(description).register(registry)
    }

    private fun timeGauge(
        registry: MeterRegistry,
        tags: Tags,
        name: String,
        description: String,
        read: PoolStats.() -> Duration,
    ) {
        TimeGauge.builder(PREFIX + name, pool, TimeUnit.NANOSECONDS) {
            it.stats().read().inWholeNanoseconds.toDouble()
        }
            .tags(tags).description(description).register(registry)
    }

    override fun toString(): String = "PgPoolMetrics(pool=$poolName)"

    private companion object {
        const val PREFIX = "databridge.pool."
        const val POOL_TAG = "pool"
        const val PERCENTILE_TAG = "percentile"
        val PERCENTILES: List<Pair<String, (AcquireTimeSummary) -> Duration>> = listOf(
            "0.5" to { it.p50 },
            "0.95" to { it.p95 },
            "0.99" to { it.p99 },
        )
    }
}
