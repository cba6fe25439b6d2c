package io.databridge.ha

import io.databridge.pg.PgConnection
import io.databridge.pg.replication.ChangeTransaction
import io.databridge.pg.replication.Lsn
import io.databridge.pg.replication.ReplicationOptions
import io.databridge.pg.replication.RowInserted
import io.databridge.pg.replication.replicationStream
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * Logical replication across an unplanned failover on PostgreSQL 15 through a Patroni permanent logical slot: Patroni
 * keeps a copy of the slot on every replica and advances it, so a stream following the host list goes on from the new
 * leader, at least once from its last acknowledgement.
 */
class PermanentSlotFailoverSpec : FunSpec({
    val cluster = SharedCluster.healthy()
    val url = cluster.url("read-write", "postgres", "connect_timeout=2")
    val slot = "ha_perm_slot"

    suspend fun confirmed(member: String): Lsn? = PgConnection.connect(cluster.memberUrl(member)).use { c ->
        c.query("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1", slot).rows.singleOrNull()?.getObject(0)
            ?.let { Lsn.parse(it.toString()) }
    }

    test("a Patroni permanent logical slot follows a failover: the stream goes on from the new leader after its last acknowledgement, nothing lost") {
        SharedCluster.healthy()
        PgConnection.connect(url).use {
            it.execute("CREATE TABLE ha_perm(id int PRIMARY KEY)")
            it.execute("CREATE PUBLICATION ha_perm_pub FOR TABLE ha_perm")
        }
        withContext(Dispatchers.IO) { cluster.addPermanentLogicalSlot(slot) }
        val options = ReplicationOptions(statusInterval = 200.milliseconds, reconnectInitialDelay = 100.milliseconds, reconnectMaxDelay = 1.seconds, maxReconnectAttempts = 120)
        val received = Channel<Pair<Int, Lsn>>(Channel.UNLIMITED)
        coroutineScope {
            val consumer = async {
                replicationStream(url, slot, "ha_perm_pub", options = options).collect { delivery ->
                    val tx = delivery.event as ChangeTransaction
                    delivery.ack()
                    received.send(((tx.changes.single() as RowInserted).newRow["id"] as Int) to tx.endLsn)
                }
            }
            PgConnection.connect(url).use { c -> for (id in 1..5) c.execute("INSERT INTO ha_perm VALUES ($1)", id) }
            val before = withTimeout(30.seconds) { List(5) { received.receive() } }
            before.map { it.first } shouldBe (1..5).toList()
            val acknowledged = before.last().second
            // Patroni publishes the leader's position each loop and advances the replicas' copies to it.
            val leader = withContext(Dispatchers.IO) { cluster.awaitLeader() }.name
            withClue("every member's copy of $slot confirming $acknowledged") {
                withTimeout(60.seconds) {
                    while (cluster.members.any { (confirmed(it) ?: Lsn.ZERO) < acknowledged }) delay(50)
                }
            }

            val started = System.nanoTime()
            val change = withContext(Dispatchers.IO) { cluster.failover(JavaDuration.ofSeconds(90)) }
            change.from shouldBe leader
            PgConnection.connect(url).use { c -> for (id in 6..10) c.execute("INSERT INTO ha_perm VALUES ($1)", id) }
            val after = ArrayList<Int>()
            var firstMs = -1L
            withTimeout(120.seconds) {
                while (after.lastOrNull() != 10) {
                    after += received.receive().first
                    if (firstMs < 0) firstMs = (System.nanoTime() - started) / 1_000_000
                }
            }
            consumer.cancel()
            figure("replication: permanent slot: failover ${change.from} -> ${change.to} in ${change.elapsed.toMillis()} ms; first change " +
                "delivered from the new leader $firstMs ms after the leader was killed; delivered after the failover: $after")
            withClue("delivered after the failover: $after") {
                after.all { it > 5 } shouldBe true
                after.zipWithNext().all { (previous, next) -> next <= previous + 1 } shouldBe true
                after.toSortedSet().toList() shouldBe (6..10).toList()
            }
        }
        withContext(Dispatchers.IO) {
            cluster.removePermanentSlot(slot)
            cluster.awaitStreamingReplicas(2, JavaDuration.ofSeconds(120))
        }
        // Patroni drops a slot it no longer manages only while it is unused; drop what is left so no member keeps WAL for it.
        for (member in cluster.members) {
            PgConnection.connect(cluster.memberUrl(member)).use {
                it.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", slot)
            }
        }
        PgConnection.connect(url).use {
            it.execute("DROP PUBLICATION ha_perm_pub")
            it.execute("DROP TABLE ha_perm")
        }
    }
})
