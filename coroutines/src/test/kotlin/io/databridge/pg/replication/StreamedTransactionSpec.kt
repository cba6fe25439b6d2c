package io.databridge.pg.replication

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/** Transactions larger than `logical_decoding_work_mem` (64kB here), streamed in progress, and two-phase commit. */
class StreamedTransactionSpec : FunSpec({
    val sql = runBlocking { LogicalPostgres.sql() }
    afterSpec { sql.close() }

    suspend fun events(slot: String, publication: String, count: Int, options: ReplicationOptions = ReplicationOptions()): List<ReplicationEvent> =
        LogicalPostgres.replication().use { rc ->
            withTimeout(60.seconds) { rc.stream(slot, listOf(publication), options).take(count).toList().map { it.ack(); it.event } }
        }

    fun ids(tx: ChangeTransaction): List<Int> = tx.changes.map { (it as RowInserted).newRow["id"] as Int }

    test("a large transaction streamed in progress is delivered whole once it commits; an aborted one and a rolled back savepoint are dropped") {
        sql.simpleQuery("CREATE TABLE st_big (id int PRIMARY KEY, pad text); CREATE PUBLICATION st_big_pub FOR TABLE st_big")
        LogicalPostgres.replication().use { it.createSlot("st_big") }
        val pad = "'" + "p".repeat(100) + "'"
        sql.simpleQuery("BEGIN; INSERT INTO st_big SELECT g, $pad FROM generate_series(1, 5000) g; COMMIT")
        sql.simpleQuery("BEGIN; INSERT INTO st_big SELECT g, $pad FROM generate_series(10001, 15000) g; ROLLBACK")
        sql.simpleQuery(
            "BEGIN; INSERT INTO st_big SELECT g, $pad FROM generate_series(20001, 23000) g; SAVEPOINT s; " +
                "INSERT INTO st_big SELECT g, $pad FROM generate_series(30001, 33000) g; ROLLBACK TO SAVEPOINT s; " +
                "INSERT INTO st_big VALUES (40001, 'small'); COMMIT",
        )
        sql.execute("INSERT INTO st_big VALUES (50001, 'after')")
        val txs = events("st_big", "st_big_pub", 3, ReplicationOptions(streaming = true)).map { it.shouldBeInstanceOf<ChangeTransaction>() }
        txs[0].streamed shouldBe true
        ids(txs[0]) shouldBe (1..5000).toList()
        txs[1].streamed shouldBe true
        ids(txs[1]) shouldBe (20001..23000).toList() + 40001
        txs[2].streamed shouldBe false
        ids(txs[2]) shouldBe listOf(50001)
        sql.query("SELECT stream_txns > 0 FROM pg_stat_replication_slots WHERE slot_name = 'st_big'").rows.single().getObject(0) shouldBe true
    }

    test("without the streaming option (the default) the same transaction arrives unstreamed, in parts of maxChangesPerDelivery") {
        sql.simpleQuery("CREATE TABLE st_plain (id int PRIMARY KEY, pad text); CREATE PUBLICATION st_plain_pub FOR TABLE st_plain")
        LogicalPostgres.replication().use {
            it.createSlot("st_plain")
            it.createSlot("st_plain_parts")
        }
        sql.simpleQuery("INSERT INTO st_plain SELECT g, repeat('p', 100) FROM generate_series(1, 3000) g")
        sql.execute("INSERT INTO st_plain VALUES (5001, 'after')")
        val whole = events("st_plain", "st_plain_pub", 1, ReplicationOptions(streaming = false)).single().shouldBeInstanceOf<ChangeTransaction>()
        whole.streamed shouldBe false
        whole.complete shouldBe true
        ids(whole) shouldBe (1..3000).toList()

        // Parts: acknowledging one moves nothing, so a stream stopped after two acknowledged parts starts the
        // transaction again from its first part; the slot moves only once the last part is acknowledged.
        val partOptions = ReplicationOptions(maxChangesPerDelivery = 1000)
        events("st_plain_parts", "st_plain_pub", 2, partOptions).map { ids(it as ChangeTransaction).first() } shouldBe listOf(1, 1001)
        val parts = events("st_plain_parts", "st_plain_pub", 4, partOptions).map { it.shouldBeInstanceOf<ChangeTransaction>() }
        parts.map { it.complete } shouldBe listOf(false, false, true, true)
        parts.take(3).flatMap(::ids) shouldBe (1..3000).toList()
        parts.take(3).flatMap { tx -> tx.changes.map { it.ordinal } } shouldBe (0 until 3000).toList()
        parts.take(3).map { it.commitLsn }.distinct().size shouldBe 1
        ids(parts[3]) shouldBe listOf(5001)
    }

    test("two-phase: a prepared transaction is delivered at PREPARE, then its COMMIT PREPARED or ROLLBACK PREPARED") {
        sql.simpleQuery("CREATE TABLE st_2pc (id int PRIMARY KEY); CREATE PUBLICATION st_2pc_pub FOR TABLE st_2pc")
        LogicalPostgres.replication().use { it.createSlot("st_2pc", twoPhase = true) }
        sql.simpleQuery("BEGIN; INSERT INTO st_2pc VALUES (1); PREPARE TRANSACTION 'st_g1'")
        sql.simpleQuery("COMMIT PREPARED 'st_g1'")
        sql.simpleQuery("BEGIN; INSERT INTO st_2pc VALUES (2); PREPARE TRANSACTION 'st_g2'")
        sql.simpleQuery("ROLLBACK PREPARED 'st_g2'")
        val events = events("st_2pc", "st_2pc_pub", 4, ReplicationOptions(twoPhase = true))
        val prepared = events[0].shouldBeInstanceOf<ChangeTransaction>()
        prepared.outcome shouldBe TransactionOutcome.PREPARED
        prepared.gid shouldBe "st_g1"
        ids(prepared) shouldBe listOf(1)
        events[1].shouldBeInstanceOf<PreparedTransactionEnded>().let {
            it.gid shouldBe "st_g1"
            it.committed shouldBe true
            it.xid shouldBe prepared.xid
        }
        ids(events[2].shouldBeInstanceOf<ChangeTransaction>()) shouldBe listOf(2)
        events[3].shouldBeInstanceOf<PreparedTransactionEnded>().committed shouldBe false
    }
})
