package io.databridge.pg.replication

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.PgConnection
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * PostgreSQL 17+ failover slots on the embedded 18 server: a primary and a standby that synchronises the primary's
 * failover slots. A [replicationStream] on a host list of both must go on from the promoted standby after the primary
 * is stopped, at least once from its last acknowledgement; a slot without the `failover` option must end the stream
 * with [ReplicationSlotMissingException] instead.
 */
class FailoverSlotSpec : FunSpec({
    val options = ReplicationOptions(
        statusInterval = 200.milliseconds, reconnectInitialDelay = 50.milliseconds, reconnectMaxDelay = 1.seconds, maxReconnectAttempts = 60,
    )

    /** A primary with logical WAL and a standby streaming through slot `fs_standby` that synchronises failover slots. */
    class Servers(val primary: EmbeddedPostgres, val standby: EmbeddedPostgres) : AutoCloseable {
        /** Both servers as a user would list them: the stream must find whichever is the primary. */
        val url = "postgresql://postgres@localhost:${primary.port},localhost:${standby.port}/postgres" +
            "?sslmode=disable&target_session_attrs=read-write&connect_timeout=2"

        override fun close() {
            runCatching { standby.close() }
            primary.close()
        }
    }

    fun startServers(): Servers {
        val primary = EmbeddedPostgres.start {
            setting("wal_level", "logical")
            setting("max_replication_slots", "10")
            setting("max_wal_senders", "10")
        }
        return try {
            Servers(primary, primary.startReplica { physicalSlot("fs_standby"); syncFailoverSlots() })
        } catch (e: Exception) {
            primary.close()
            throw e
        }
    }

    suspend fun lsn(server: EmbeddedPostgres, sql: String, vararg args: Any?): Lsn? =
        PgConnection.connect(server.url()).use { c -> c.query(sql, *args).rows.singleOrNull()?.getObject(0)?.let { Lsn.parse(it.toString()) } }

    suspend fun poll(limit: Duration, what: String, log: EmbeddedPostgres? = null, condition: suspend () -> Boolean) {
        withClue({ what + (log?.let { "\n${it.serverLogTail(30)}" } ?: "") }) { withTimeout(limit) { while (!condition()) delay(20) } }
    }

    suspend fun prepare(pair: Servers, table: String, failover: Boolean) {
        PgConnection.connect(pair.primary.url()).use {
            it.simpleQuery("CREATE TABLE $table (id int PRIMARY KEY); CREATE PUBLICATION ${table}_pub FOR TABLE $table")
        }
        ReplicationConnection.connect(pair.primary.url()).use { it.createSlot(table, failover = failover) }
    }

    suspend fun insert(server: EmbeddedPostgres, table: String, ids: IntRange) {
        PgConnection.connect(server.url()).use { c -> for (id in ids) c.execute("INSERT INTO $table VALUES ($1)", id) }
    }

    /** Waits until [standby] has replayed everything [primary] has written so far. */
    suspend fun awaitReplayed(primary: EmbeddedPostgres, standby: EmbeddedPostgres) {
        val written = lsn(primary, "SELECT pg_current_wal_lsn()::text")!!
        poll(30.seconds, "standby replay reaching $written") {
            (lsn(standby, "SELECT pg_last_wal_replay_lsn()::text") ?: Lsn.ZERO) >= written
        }
    }

    /**
     * Waits until the standby holds a persistent synced copy of [slot]. The sync worker keeps its first copy temporary
     * until the primary's slot has moved past the WAL the copy reserved, which takes acknowledged changes and a logged
     * snapshot of running transactions (every 15 s on its own): warm-up rows with negative ids, acknowledged.
     */
    suspend fun awaitPersistedCopy(pair: Servers, slot: String) {
        var warmUp = 0
        poll(90.seconds, "a persistent synced copy of $slot on the standby", pair.standby) {
            PgConnection.connect(pair.primary.url()).use { c ->
                c.execute("INSERT INTO $slot VALUES ($1)", --warmUp)
                c.query("SELECT pg_log_standby_snapshot()")
            }
            delay(200)
            PgConnection.connect(pair.standby.url()).use { c ->
                c.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1 AND synced AND NOT temporary", slot).rows.single().getObject(0) == 1L
            }
        }
    }

    test("a failover slot survives the promotion: the stream goes on from the new primary after its last acknowledgement, nothing lost") {
        startServers().use { pair ->
            prepare(pair, "fs_feed", failover = true)
            var lastEnd = Lsn.ZERO
            val received = Channel<Pair<Int, Lsn>>(Channel.UNLIMITED)
            coroutineScope {
                var ackUpTo = 6
                val consumer = async {
                    replicationStream(pair.url, "fs_feed", "fs_feed_pub", options = options).collect { delivery ->
                        val tx = delivery.event as ChangeTransaction
                        val id = (tx.changes.single() as RowInserted).newRow["id"] as Int
                        if (id <= ackUpTo) delivery.ack()
                        if (id > 0) received.send(id to tx.endLsn)
                    }
                }
                awaitPersistedCopy(pair, "fs_feed")
                insert(pair.primary, "fs_feed", 1..10)
                val before = withTimeout(30.seconds) { List(10) { received.receive() } }
                before.map { it.first } shouldBe (1..10).toList()
                val acknowledged = before[5].second
                poll(30.seconds, "the primary's slot confirming $acknowledged") {
                    (lsn(pair.primary, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'fs_feed'") ?: Lsn.ZERO) >= acknowledged
                }
                // The slot sync worker naps up to 30 s between rounds when nothing changes.
                poll(60.seconds, "the standby's synced copy of the slot confirming $acknowledged", pair.standby) {
                    (lsn(pair.standby, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'fs_feed' AND synced AND NOT temporary") ?: Lsn.ZERO) >= acknowledged
                }
                awaitReplayed(pair.primary, pair.standby)

                val stopped = System.nanoTime()
                pair.primary.close()
                val stoppedMs = (System.nanoTime() - stopped) / 1_000_000
                pair.standby.promote()
                val promotedMs = (System.nanoTime() - stopped) / 1_000_000
                ackUpTo = Int.MAX_VALUE
                insert(pair.standby, "fs_feed", 11..15)
                val after = ArrayList<Int>()
                var firstAfterMs = -1L
                withTimeout(60.seconds) {
                    while (after.lastOrNull() != 15) {
                        val (id, end) = received.receive()
                        after += id
                        lastEnd = end
                        if (firstAfterMs < 0) firstAfterMs = (System.nanoTime() - stopped) / 1_000_000
                    }
                }
                consumer.cancel()
                println("FIGURE failover slot: primary stopped in $stoppedMs ms, standby promoted at $promotedMs ms, first change delivered from it at $firstAfterMs ms; after the promotion: $after")
                withClue("delivered after the failover: $after") {
                    // Nothing acknowledged comes again, nothing is skipped, every row committed after the acknowledgement arrives.
                    after.all { it > 6 } shouldBe true
                    after.zipWithNext().all { (previous, next) -> next <= previous + 1 } shouldBe true
                    after.first() shouldBe 7
                    after.toSortedSet().toList() shouldBe (7..15).toList()
                }
            }
            // The stopped stream reported its last acknowledgement to the slot on the promoted server.
            poll(30.seconds, "the promoted server's slot confirming $lastEnd") {
                (lsn(pair.standby, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'fs_feed'") ?: Lsn.ZERO) >= lastEnd
            }
        }
    }

    test("a slot created without failover is missing on the promoted standby: the stream ends with ReplicationSlotMissingException") {
        startServers().use { pair ->
            prepare(pair, "fs_plain", failover = false)
            val received = Channel<Int>(Channel.UNLIMITED)
            coroutineScope {
                val consumer = async {
                    runCatching {
                        replicationStream(pair.url, "fs_plain", "fs_plain_pub", options = options).collect { delivery ->
                            delivery.ack()
                            received.send(((delivery.event as ChangeTransaction).changes.single() as RowInserted).newRow["id"] as Int)
                        }
                    }
                }
                insert(pair.primary, "fs_plain", 1..3)
                withTimeout(30.seconds) { List(3) { received.receive() } } shouldBe listOf(1, 2, 3)
                awaitReplayed(pair.primary, pair.standby)
                PgConnection.connect(pair.standby.url()).use {
                    it.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'fs_plain'").rows.single().getObject(0) shouldBe 0L
                }

                val stopped = System.nanoTime()
                pair.primary.close()
                println("FIGURE plain slot: primary stopped in ${(System.nanoTime() - stopped) / 1_000_000} ms")
                pair.standby.promote()
                val error = withTimeout(60.seconds) { consumer.await() }.exceptionOrNull().shouldBeInstanceOf<ReplicationSlotMissingException>()
                error.slot shouldBe "fs_plain"
                error.server shouldContain pair.standby.port.toString()
                error.message.shouldContain("failover").shouldContain("sync_replication_slots").shouldContain("synchronized_standby_slots")
            }
        }
    }
})
