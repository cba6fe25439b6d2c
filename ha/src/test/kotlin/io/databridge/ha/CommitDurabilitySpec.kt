package io.databridge.ha

import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.errors.CommitOutcomeUnknownException
import io.databridge.pg.errors.DataBridgeException
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import java.time.Duration as JavaDuration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * Transactions whose COMMIT the client saw succeed, checked on the leader after unplanned failovers. With Patroni's
 * synchronous_mode none may be missing; with asynchronous replication the missing ones are counted (the loss window).
 * A COMMIT cut off by the crash is reported as CommitOutcomeUnknownException; such rows may or may not be there.
 */
class CommitDurabilitySpec : FunSpec({
    val cluster = SharedCluster.healthy()
    val url = cluster.url("read-write", "postgres", "connect_timeout=2")

    /** What a load run saw: acknowledged ids, ids whose outcome is unknown, and other failures by kind. */
    class Ledger {
        val acked: MutableSet<Long> = ConcurrentHashMap.newKeySet()
        val unknown: MutableSet<Long> = ConcurrentHashMap.newKeySet()
        val failures = ConcurrentHashMap<String, Int>()
        private val next = AtomicLong()

        fun start(scope: CoroutineScope, pool: PgPool, table: String, writers: Int): List<Job> = (1..writers).map {
            scope.launch {
                while (isActive) {
                    val id = next.incrementAndGet()
                    try {
                        withTimeout(30.seconds) { pool.transaction { tx -> tx.execute("INSERT INTO $table VALUES ($1)", id) } }
                        acked += id
                    } catch (e: CommitOutcomeUnknownException) {
                        unknown += id
                    } catch (e: DataBridgeException) {
                        failures.merge(e::class.simpleName ?: "?", 1, Int::plus)
                        delay(20.milliseconds)
                    }
                }
            }
        }
    }

    suspend fun presentIds(table: String): Set<Long> =
        PgConnection.connect(url).use { c -> c.query("SELECT id FROM $table").rows.map { it.getLong(0) }.toSet() }

    /**
     * Runs [writers] writers on [table] through [failovers] unplanned failovers and until [atLeast] commits were
     * acknowledged; returns the ledger and each failover's duration (kill until the new leader runs). With [sync] the
     * next failover waits only for a synchronous standby (the one member Patroni may promote), not for the crashed
     * member to rejoin: that keeps ten failovers within a few minutes, and a crashed member rejoins in the background.
     */
    suspend fun loadThroughFailovers(table: String, failovers: Int, atLeast: Int, sync: Boolean, writers: Int): Pair<Ledger, List<Long>> {
        PgConnection.connect(url).use { it.execute("CREATE TABLE $table(id bigint PRIMARY KEY)") }
        val ledger = Ledger()
        val durations = ArrayList<Long>()
        PgPool.create(url).use { pool ->
            coroutineScope {
                val jobs = ledger.start(this, pool, table, writers)
                repeat(failovers) {
                    withContext(Dispatchers.IO) {
                        durations += cluster.failover(JavaDuration.ofSeconds(90)).elapsed.toMillis()
                        if (sync) cluster.setSynchronousMode(true, JavaDuration.ofSeconds(120)) else cluster.awaitStreamingReplicas(2, JavaDuration.ofSeconds(120))
                    }
                }
                while (ledger.acked.size < atLeast) delay(50)
                jobs.forEach { it.cancel() }
            }
        }
        return ledger to durations
    }

    test("synchronous_mode: no acknowledged commit is missing after 10 unplanned failovers under load (at least 10,000 commits)") {
        SharedCluster.healthy()
        cluster.setSynchronousMode(true)
        val started = System.nanoTime()
        val (ledger, durations) = try {
            loadThroughFailovers("ha_sync_commits", failovers = 10, atLeast = 10_000, sync = true, writers = 2)
        } finally {
            withContext(Dispatchers.IO) {
                cluster.setSynchronousMode(false)
                cluster.awaitStreamingReplicas(2, JavaDuration.ofSeconds(120))
            }
        }
        val present = presentIds("ha_sync_commits")
        val missing = ledger.acked - present
        figure("synchronous_mode: ${ledger.acked.size} acknowledged commits through ${durations.size} failovers in ${(System.nanoTime() - started) / 1_000_000} ms " +
            "(failovers took $durations ms); missing ${missing.size}; commit outcome unknown ${ledger.unknown.size} " +
            "(of them present ${ledger.unknown.count { it in present }}); other failures ${ledger.failures}")
        durations.size shouldBe 10
        ledger.acked.size shouldBeGreaterThanOrEqual 10_000
        missing.shouldBeEmpty()
    }

    test("asynchronous replication: the acknowledged commits an unplanned failover loses are counted (the loss window)") {
        SharedCluster.healthy()
        val (ledger, _) = loadThroughFailovers("ha_async_commits", failovers = 1, atLeast = 1000, sync = false, writers = 4)
        val present = presentIds("ha_async_commits")
        val missing = ledger.acked - present
        figure("async: ${ledger.acked.size} acknowledged commits through 1 failover; missing ${missing.size}; " +
            "commit outcome unknown ${ledger.unknown.size} (of them present ${ledger.unknown.count { it in present }}); other failures ${ledger.failures}")
        // Patroni promotes only a replica within maximum_lag_on_failover (1 MiB of WAL), which bounds the loss.
        missing.size shouldBeLessThan 1_000_000 / 40
    }
})


