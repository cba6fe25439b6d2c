package io.databridge.ha

import io.databridge.pg.PgConnection
import io.databridge.pg.replication.ChangeTransaction
import io.databridge.pg.replication.ReplicationConnection
import io.databridge.pg.replication.ReplicationOptions
import io.databridge.pg.replication.ReplicationSlotMissingException
import io.databridge.pg.replication.RowInserted
import io.databridge.pg.replication.replicationStream
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * Logical replication across an unplanned failover on PostgreSQL 15, which has no failover slots: the promoted member
 * has no copy of the slot, so a stream following the host list must end with a typed error saying so, neither hanging
 * nor reconnecting forever.
 */
class ReplicationFailoverSpec : FunSpec({
    val cluster = SharedCluster.healthy()
    val url = cluster.url("read-write", "postgres", "connect_timeout=2")

    test("a replicationStream on the leader's slot ends after a failover with ReplicationSlotMissingException (no failover slots before 17)") {
        SharedCluster.healthy()
        PgConnection.connect(url).use {
            it.execute("CREATE TABLE ha_feed(id int PRIMARY KEY)")
            it.execute("CREATE PUBLICATION ha_feed_pub FOR TABLE ha_feed")
        }
        ReplicationConnection.connect(url).use { it.createSlot("ha_feed_slot") }
        val options = ReplicationOptions(statusInterval = 1.seconds, reconnectInitialDelay = 100.milliseconds, reconnectMaxDelay = 2.seconds, maxReconnectAttempts = 30)
        val received = Channel<Int>(Channel.UNLIMITED)
        coroutineScope {
            val consumer = async {
                runCatching {
                    replicationStream(url, "ha_feed_slot", "ha_feed_pub", options = options).collect { delivery ->
                        (delivery.event as ChangeTransaction).changes.forEach { received.send((it as RowInserted).newRow["id"] as Int) }
                        delivery.ack()
                    }
                }
            }
            PgConnection.connect(url).use { it.execute("INSERT INTO ha_feed SELECT generate_series(1, 3)") }
            withTimeout(30.seconds) { List(3) { received.receive() } } shouldBe listOf(1, 2, 3)

            val started = System.nanoTime()
            val change = withContext(Dispatchers.IO) { cluster.failover(JavaDuration.ofSeconds(90)) }
            val outcome = withTimeout(120.seconds) { consumer.await() }
            val endedMs = (System.nanoTime() - started) / 1_000_000
            val error = outcome.exceptionOrNull().shouldBeInstanceOf<ReplicationSlotMissingException>()
            error.slot shouldBe "ha_feed_slot"
            error.server shouldContain cluster.port(change.to).toString()
            error.message.shouldContain("does not exist").shouldContain("new primary")
                .shouldContain("PostgreSQL 17").shouldContain("`failover` option").shouldContain("sync_replication_slots")
            figure("replication: failover ${change.from} -> ${change.to} in ${change.elapsed.toMillis()} ms; the stream ended with " +
                "ReplicationSlotMissingException $endedMs ms after the leader was killed")
            endedMs shouldBeLessThan 120_000
        }
        withContext(Dispatchers.IO) { cluster.awaitStreamingReplicas(2, JavaDuration.ofSeconds(120)) }
        // The crashed leader, rewound into a replica, may keep its copy of the slot, which would hold WAL back there.
        val leftOn = cluster.members.filter { member ->
            PgConnection.connect(cluster.memberUrl(member)).use {
                it.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'ha_feed_slot'").rows.isNotEmpty()
            }
        }
        figure("replication: after the failover the slot was left on $leftOn (dropped)")
        PgConnection.connect(url).use {
            it.execute("DROP PUBLICATION ha_feed_pub")
            it.execute("DROP TABLE ha_feed")
        }
    }
})
