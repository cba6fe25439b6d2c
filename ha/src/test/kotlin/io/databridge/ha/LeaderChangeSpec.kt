package io.databridge.ha

import io.databridge.embedded.ha.LeaderChange
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.errors.DataBridgeException
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * A pool over all three members with target_session_attrs=read-write follows a switchover and a failover: writes
 * reach the new leader within a bounded, measured time, and calls in flight end with typed errors, never hang.
 */
class LeaderChangeSpec : FunSpec({
    val cluster = SharedCluster.healthy()
    val url = cluster.url("read-write", "postgres", "connect_timeout=2")

    beforeSpec {
        PgConnection.connect(url).use { it.execute("CREATE TABLE IF NOT EXISTS ha_writes(id bigserial PRIMARY KEY, n bigint)") }
    }

    /** Runs [change] under a steady write load; returns ms from the change's start to the first write on the new leader. */
    suspend fun writesThrough(what: String, change: () -> LeaderChange): Long = PgPool.create(url).use { pool ->
        val probe = WriteProbe(pool, "ha_writes")
        coroutineScope {
            val writer = probe.start(this)
            eventually(30.seconds) { probe.successes() shouldBeGreaterThan 10 }
            // Calls in flight on the leader when it goes (running, or queued behind it on a shared connection): each must
            // end, with a typed error.
            val inFlight = (1..3).map { async { runCatching { pool.query("SELECT pg_sleep(60)") }.exceptionOrNull() } }
            eventually(10.seconds) {
                PgConnection.connect(url).use { c ->
                    c.query("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'").rows.single().getLong(0) shouldBeGreaterThan 0L
                }
            }
            val started = System.nanoTime()
            val done = withContext(Dispatchers.IO) { change() }
            val newPort = cluster.port(done.to)
            val first = withTimeout(60.seconds) {
                var hit = probe.firstSuccessOn(newPort, started)
                while (hit == null) {
                    delay(10)
                    hit = probe.firstSuccessOn(newPort, started)
                }
                hit
            }
            writer.cancel()
            val failures = withTimeout(30.seconds) { inFlight.map { it.await() } }
            for (failure in failures) failure.shouldNotBeNull().shouldBeInstanceOf<DataBridgeException>()
            probe.untypedFailures().shouldBeEmpty()
            val firstWriteMs = (first.endedNanos - started) / 1_000_000
            val lastOldWrite = probe.attempts.filter { it.port != null && it.endedNanos < first.endedNanos && it.port != newPort }.maxOfOrNull { it.endedNanos }
            val gapMs = lastOldWrite?.let { (first.endedNanos - it) / 1_000_000 }
            figure("$what: ${done.from} -> ${done.to}; Patroni reported the new leader after ${done.elapsed.toMillis()} ms; " +
                "first write on it ${firstWriteMs} ms after the start; no write succeeded for ${gapMs ?: "?"} ms; " +
                "failed attempts ${probe.failureKinds()}; in-flight calls ended with ${failures.map { it!!::class.simpleName }}")
            firstWriteMs
        }
    }

    test("after a switchover, writes reach the new leader within 30 s and calls in flight end with typed errors") {
        SharedCluster.healthy()
        writesThrough("switchover") { cluster.switchover() } shouldBeLessThan 30_000L
        cluster.awaitStreamingReplicas(2)
    }

    test("after a failover (the leader's machine crashes), writes reach the new leader within 60 s and calls in flight end with typed errors") {
        SharedCluster.healthy()
        writesThrough("failover") { cluster.failover(JavaDuration.ofSeconds(90)) } shouldBeLessThan 60_000L
        cluster.awaitStreamingReplicas(2)
    }
})
