package io.databridge.pg.replication

import io.databridge.pg.errors.PgServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** The first row id of each transaction, which the specs use as the transaction's sequence number. */
private fun ChangeTransaction.firstId(): Int = (changes.first() as RowInserted).newRow["id"] as Int

class ReplicationResumeSpec : FunSpec({
    val sql = runBlocking { LogicalPostgres.sql() }
    afterSpec { sql.close() }
    val fast = ReplicationOptions(statusInterval = 200.milliseconds, reconnectInitialDelay = 50.milliseconds, reconnectMaxDelay = 500.milliseconds)

    suspend fun prepare(table: String, transactions: Int, rowsEach: Int) {
        sql.simpleQuery("CREATE TABLE $table (id int PRIMARY KEY, payload text); CREATE PUBLICATION ${table}_pub FOR TABLE $table")
        LogicalPostgres.replication().use { it.createSlot(table) }
        for (t in 0 until transactions) {
            sql.execute("INSERT INTO $table SELECT g, 'row ' || g FROM generate_series($1::int, $2::int) g", t * rowsEach, t * rowsEach + rowsEach - 1)
        }
    }

    suspend fun confirmedFlush(slot: String): Lsn? =
        sql.query("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1", slot).rows.single().getObject(0)
            ?.let { Lsn.parse(it as String) }

    suspend fun awaitConfirmed(slot: String, position: Lsn, limit: Duration = 30.seconds) {
        withTimeout(limit) { while ((confirmedFlush(slot) ?: Lsn.ZERO) < position) delay(10) }
    }

    test("a cancelled collector resumes after its last acknowledged transaction, unacknowledged ones come again") {
        prepare("rr_cancel", 10, 1)
        var received = 0
        val first = LogicalPostgres.replication().use { rc ->
            withTimeout(30.seconds) {
                rc.stream("rr_cancel", listOf("rr_cancel_pub")).take(6).onEach { if (received++ < 4) it.ack() }.toList()
            }
        }
        first.map { (it.event as ChangeTransaction).firstId() } shouldBe listOf(0, 1, 2, 3, 4, 5)
        // The stream reports the acknowledged position as it stops; the walsender applies it as it winds down.
        awaitConfirmed("rr_cancel", first[3].event.endLsn)
        confirmedFlush("rr_cancel") shouldBe first[3].event.endLsn
        val again = LogicalPostgres.replication().use { rc ->
            withTimeout(30.seconds) { rc.stream("rr_cancel", listOf("rr_cancel_pub")).take(6).toList().map { it.ack(); (it.event as ChangeTransaction).firstId() } }
        }
        again shouldBe listOf(4, 5, 6, 7, 8, 9)
    }

    test("startAfter skips what the consumer stored itself though the slot never heard of it, and reports it as flushed") {
        prepare("rr_own", 5, 1)
        val unacknowledged = LogicalPostgres.replication().use { rc ->
            withTimeout(30.seconds) { rc.stream("rr_own", listOf("rr_own_pub")).take(3).toList() }
        }
        val stored = unacknowledged[1].event.endLsn
        val resumed = withTimeout(30.seconds) {
            replicationStream(LogicalPostgres.url, "rr_own", "rr_own_pub", options = fast, startAfter = stored).take(3).toList()
        }
        resumed.map { (it.event as ChangeTransaction).firstId() } shouldBe listOf(2, 3, 4)
        // Nothing was acknowledged, yet the stored position reached the slot with the status updates.
        awaitConfirmed("rr_own", stored)
    }

    test("after pg_terminate_backend replicationStream reconnects and resumes from the confirmed position") {
        prepare("rr_term", 6, 1)
        val seen = ArrayList<Int>()
        withTimeout(60.seconds) {
            replicationStream(LogicalPostgres.url, "rr_term", "rr_term_pub", options = fast).takeWhile { delivery ->
                val id = (delivery.event as ChangeTransaction).firstId()
                seen += id
                delivery.ack()
                if (id == 2 && seen.size == 3) {
                    awaitConfirmed("rr_term", delivery.event.endLsn)
                    sql.query("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = 'rr_term'")
                    sql.execute("INSERT INTO rr_term VALUES (6, 'after the kill')")
                }
                id < 6
            }.toList()
        }
        // What was confirmed before the kill never comes again; what followed may (if it was in flight), then all of it.
        seen.take(3) shouldBe listOf(0, 1, 2)
        seen.drop(3).all { it > 2 } shouldBe true
        seen.distinct().sorted() shouldBe (0..6).toList()
        seen.last() shouldBe 6
    }

    test("a slot gone when replicationStream reconnects (as on a promoted standby before PostgreSQL 17) ends the flow with ReplicationSlotMissingException") {
        prepare("rr_gone", 3, 1)
        val seen = ArrayList<Int>()
        val error = shouldThrow<ReplicationSlotMissingException> {
            withTimeout(60.seconds) {
                replicationStream(LogicalPostgres.url, "rr_gone", "rr_gone_pub", options = fast).collect { delivery ->
                    seen += (delivery.event as ChangeTransaction).firstId()
                    delivery.ack()
                    if (seen.size == 1) {
                        // The stream cannot reconnect before this returns: its connection is dropped, then its slot.
                        sql.query("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = 'rr_gone'")
                        while (sql.query("SELECT active FROM pg_replication_slots WHERE slot_name = 'rr_gone'").rows.single().getBoolean(0)) delay(10)
                        sql.query("SELECT pg_drop_replication_slot('rr_gone')")
                    }
                }
            }
        }
        // What the server had sent before the drop is still delivered; nothing comes twice, as no reconnection succeeded.
        seen shouldBe seen.indices.toList()
        error.slot shouldBe "rr_gone"
        error.cause.shouldBeInstanceOf<PgServerException>().sqlState.code shouldBe "42704"
        error.message shouldContain "does not exist"
        error.message shouldContain "PostgreSQL 17+"
        error.message shouldContain "sync_replication_slots"
    }

    test("crash test: 10,000 changes, 5 random kills (cancelled collector or terminated backend): at least once, in order, duplicates only after the last acknowledgement") {
        val transactions = 1000
        prepare("rr_crash", transactions, 10)
        val random = Random(19)
        val delivered = ArrayList<Int>()
        val endOf = HashMap<Int, Lsn>()
        var lastAcked = -1
        var lastAckedEnd = Lsn.ZERO
        var ackedAtLastKill = -1
        // Kills well apart: deliveries already on their way when the server ends a backend still arrive, and their
        // acknowledgements cannot reach a connection that is gone, so a kill among them would test nothing new.
        val killsAt = (0 until 5).map { 50 + it * 150 + random.nextInt(100) }
        var kills = 0
        var jumps = 0
        withTimeout(5.minutes) {
            while (lastAcked < transactions - 1) {
                replicationStream(LogicalPostgres.url, "rr_crash", "rr_crash_pub", options = fast).takeWhile { delivery ->
                    val tx = delivery.event as ChangeTransaction
                    val id = tx.firstId() / 10
                    tx.changes.map { (it as RowInserted).newRow["id"] as Int } shouldBe (id * 10 until id * 10 + 10).toList()
                    val previous = delivered.lastOrNull() ?: -1
                    (id <= previous + 1) shouldBe true // nothing skipped
                    if (id != previous + 1) {
                        // A restart: it resends what follows the position the server confirmed, which covers every
                        // acknowledgement made before the kill.
                        jumps++
                        withClue("restart at $id after $previous; acked at the last kill $ackedAtLastKill; kills $kills at $killsAt; tail ${delivered.takeLast(40)}") {
                            (id - 1 >= ackedAtLastKill) shouldBe true
                        }
                        (confirmedFlush("rr_crash")!! >= endOf.getValue(id - 1)) shouldBe true
                    }
                    delivered += id
                    endOf[id] = tx.endLsn
                    val killHere = kills < killsAt.size && delivered.size >= killsAt[kills]
                    // Before some kills the delivery stays unacknowledged, so it must come again.
                    if (!killHere || random.nextBoolean()) {
                        delivery.ack()
                        lastAcked = id
                        lastAckedEnd = tx.endLsn
                    }
                    if (!killHere) return@takeWhile lastAcked < transactions - 1
                    kills++
                    ackedAtLastKill = lastAcked
                    if (kills % 2 == 0) return@takeWhile false
                    // A terminated backend loses what it had not reported: wait until the acknowledgement reached the server.
                    awaitConfirmed("rr_crash", lastAckedEnd)
                    val pid = sql.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'rr_crash'").rows.single().getObject(0)
                    sql.query("SELECT pg_terminate_backend($1)", pid)
                    // Deliveries already received still arrive until the client sees the end; shorten that window.
                    withTimeout(30.seconds) {
                        while (sql.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid).rows.single().getObject(0) != 0L) delay(10)
                    }
                    true
                }.toList()
                if (kills % 2 == 0 && kills > 0) {
                    // A stopped stream reports its acknowledgements as it ends, unless its connection had died already:
                    // what counts is what the server confirmed.
                    runCatching { awaitConfirmed("rr_crash", lastAckedEnd, 5.seconds) }
                    val confirmed = confirmedFlush("rr_crash")!!
                    ackedAtLastKill = endOf.filterValues { it <= confirmed }.keys.maxOrNull() ?: -1
                }
            }
        }
        kills shouldBe 5
        (jumps >= 1) shouldBe true
        delivered.distinct().sorted() shouldBe (0 until transactions).toList()
        delivered.last() shouldBe transactions - 1
    }
})

