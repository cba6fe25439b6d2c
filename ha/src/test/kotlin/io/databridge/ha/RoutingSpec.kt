package io.databridge.ha

import io.databridge.pg.PgRoutingPool
import io.databridge.pg.PgRoutingPoolOptions
import io.databridge.pg.errors.DataBridgeException
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * The read/write routing pool over a Patroni cluster: the primary is the host list with read-write, the replicas are
 * every member with target_session_attrs=standby. Through a switchover, reads keep running on standbys.
 */
class RoutingSpec : FunSpec({
    val cluster = SharedCluster.healthy()

    test("through a switchover every read runs on a standby, and writes reach the new leader") {
        SharedCluster.healthy()
        val options = PgRoutingPoolOptions(fallbackToPrimary = false, checkInterval = 200.milliseconds, checkTimeout = 1.seconds)
        val replicas = cluster.members.map { cluster.memberUrl(it) + "&target_session_attrs=standby&connect_timeout=2" }
        PgRoutingPool.create(cluster.url("read-write", "postgres", "connect_timeout=2"), replicas, options).use { pool ->
            eventually(30.seconds) { pool.replicaStates().count { it.isEligible } shouldBe 2 }
            // (when it ended, whether the server was in recovery) per successful read
            val reads = ConcurrentLinkedQueue<Pair<Long, Boolean>>()
            val failures = ConcurrentLinkedQueue<Throwable>()
            var settledAt = 0L
            val change = coroutineScope {
                val reader = launch {
                    while (isActive) {
                        try {
                            val inRecovery = withTimeout(30.seconds) { pool.reads.query("SELECT pg_is_in_recovery()").rows.single().getBoolean(0) }
                            reads += System.nanoTime() to inRecovery
                        } catch (e: kotlinx.coroutines.CancellationException) {
                            throw e
                        } catch (e: Exception) {
                            failures += e
                            delay(20)
                        }
                    }
                }
                eventually(10.seconds) { reads.size shouldBeGreaterThan 10 }
                val change = withContext(Dispatchers.IO) { cluster.switchover() }
                withContext(Dispatchers.IO) { cluster.awaitStreamingReplicas(2) }
                // The promoted member's pool keeps its connections; its next check takes it out of the reads.
                eventually(30.seconds) {
                    pool.replicaStates().map { it.isEligible } shouldBe cluster.members.map { it != change.to }
                }
                settledAt = System.nanoTime()
                val after = reads.size
                eventually(10.seconds) { reads.size shouldBeGreaterThan after + 10 }
                reader.cancel()
                change
            }
            eventually(30.seconds) { pool.execute("CREATE TABLE IF NOT EXISTS ha_routed(x int)") }
            pool.query("SELECT inet_server_port()").rows.single().getInt(0) shouldBe cluster.port(change.to)
            val onPrimary = reads.filter { !it.second }
            figure("routing: switchover ${change.from} -> ${change.to}; ${reads.size} reads, ${onPrimary.size} ran on the promoted member " +
                "before the routing pool's next check; ${failures.size} failed (${failures.groupingBy { it::class.simpleName }.eachCount()})")
            failures.filter { it !is DataBridgeException }.shouldBeEmpty()
            onPrimary.filter { it.first > settledAt }.shouldBeEmpty()
        }
    }
})
