package io.databridge.pg.replication

import io.databridge.pg.config.InvalidConfigException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.types.PgInet
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import java.math.BigDecimal
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.UUID
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.seconds

class ReplicationStreamSpec : FunSpec({
    val sql = runBlocking { LogicalPostgres.sql() }
    afterSpec { sql.close() }

    suspend fun transactions(slot: String, publication: String, count: Int, options: ReplicationOptions = ReplicationOptions()): List<ChangeTransaction> =
        LogicalPostgres.replication().use { rc ->
            withTimeout(60.seconds) {
                rc.stream(slot, listOf(publication), options).take(count).toList().map { it.ack(); it.event as ChangeTransaction }
            }
        }

    test("IDENTIFY_SYSTEM, slot creation and drop; bad names and missing slots are typed errors; the connection stays usable") {
        LogicalPostgres.replication().use { rc ->
            val system = rc.identifySystem()
            system.database shouldBe "postgres"
            system.timeline shouldBe 1
            val slot = rc.createSlot("rs_admin")
            slot.name shouldBe "rs_admin"
            slot.plugin shouldBe "pgoutput"
            (slot.consistentPoint > Lsn.ZERO) shouldBe true
            sql.query("SELECT slot_type FROM pg_replication_slots WHERE slot_name = 'rs_admin'").rows.single().getObject(0) shouldBe "logical"
            rc.dropSlot("rs_admin")
            sql.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rs_admin'").rows.single().getObject(0) shouldBe 0L
            shouldThrow<InvalidConfigException> { rc.createSlot("Bad-Name") }.message shouldContain "invalid replication slot name"
            shouldThrow<InvalidConfigException> { rc.stream("ok", listOf("x'; DROP TABLE t; --")) }.message shouldContain "invalid publication name"
            shouldThrow<PgServerException> { rc.stream("rs_missing", listOf("p")).toList() }.message shouldContain "rs_missing"
            rc.identifySystem().database shouldBe "postgres"
        }
    }

    test("inserts, updates under REPLICA IDENTITY DEFAULT and FULL, deletes and truncates arrive decoded, in text and binary") {
        sql.simpleQuery(
            """
            CREATE TABLE rs_kinds (id int PRIMARY KEY, n numeric, d date, ts timestamptz, u uuid, ip inet, tags text[], doc jsonb, flag bool, f float8, b bytea, big text);
            CREATE TABLE rs_full (id int PRIMARY KEY, note text, big text);
            ALTER TABLE rs_full REPLICA IDENTITY FULL;
            CREATE PUBLICATION rs_kinds_pub FOR TABLE rs_kinds, rs_full;
            """.trimIndent(),
        )
        LogicalPostgres.replication().use { it.createSlot("rs_kinds_text") }
        LogicalPostgres.replication().use { it.createSlot("rs_kinds_binary") }
        sql.execute(
            "INSERT INTO rs_kinds VALUES (1, 12.50, '2024-02-29', '2024-01-02 03:04:05+00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', " +
                "'10.0.0.1', '{x,y}', '{\"k\": 1}', true, 1.5, '\\x0102', (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 4000) g))",
        )
        sql.execute("INSERT INTO rs_full VALUES (1, 'first', (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 4000) g))")
        sql.execute("UPDATE rs_kinds SET n = NULL WHERE id = 1")
        sql.execute("UPDATE rs_full SET note = 'second' WHERE id = 1")
        sql.execute("UPDATE rs_kinds SET id = 2 WHERE id = 1")
        sql.execute("DELETE FROM rs_kinds WHERE id = 2")
        sql.execute("DELETE FROM rs_full WHERE id = 1")
        sql.execute("TRUNCATE rs_kinds, rs_full")

        for ((slot, binary) in listOf("rs_kinds_text" to false, "rs_kinds_binary" to true)) {
            val txs = transactions(slot, "rs_kinds_pub", 8, ReplicationOptions(binary = binary))
            txs.map { it.commitLsn } shouldBe txs.map { it.commitLsn }.sorted()
            txs.forEach { it.xid shouldNotBe 0 }
            val row = txs[0].changes.single().shouldBeInstanceOf<RowInserted>().newRow
            row["n"] shouldBe BigDecimal("12.50")
            row["d"] shouldBe LocalDate.of(2024, 2, 29)
            row["ts"] shouldBe OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC)
            row["u"] shouldBe UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
            row["ip"] shouldBe PgInet.parse("10.0.0.1")
            row["flag"] shouldBe true
            row["f"] shouldBe 1.5
            (row["b"] as ByteArray).toList() shouldBe listOf<Byte>(1, 2)
            (row["big"] as String).length shouldBe 128000

            val nulled = txs[2].changes.single().shouldBeInstanceOf<RowUpdated>()
            nulled.oldRow shouldBe null
            nulled.newRow.isNull("n") shouldBe true
            nulled.newRow.isUnchangedToast("big") shouldBe true
            nulled.newRow.isNull("big") shouldBe false

            val full = txs[3].changes.single().shouldBeInstanceOf<RowUpdated>()
            full.oldIsKey shouldBe false
            full.oldRow.shouldNotBeNull()["note"] shouldBe "first"
            full.newRow["note"] shouldBe "second"
            (full.newRow["big"] as String).length shouldBe 128000

            val rekeyed = txs[4].changes.single().shouldBeInstanceOf<RowUpdated>()
            rekeyed.oldIsKey shouldBe true
            rekeyed.oldRow.shouldNotBeNull()["id"] shouldBe 1
            rekeyed.newRow["id"] shouldBe 2

            val deleted = txs[5].changes.single().shouldBeInstanceOf<RowDeleted>()
            deleted.oldRow["id"] shouldBe 2
            deleted.oldRow.isNull("d") shouldBe true
            txs[6].changes.single().shouldBeInstanceOf<RowDeleted>().oldRow["note"] shouldBe "second"
            txs[7].changes.single().shouldBeInstanceOf<TablesTruncated>().relations.map { it.name } shouldContainExactly listOf("rs_kinds", "rs_full")
        }
    }

    test("logical decoding messages arrive on request, transactional ones inside their transaction") {
        sql.simpleQuery("CREATE TABLE rs_msg (id int PRIMARY KEY); CREATE PUBLICATION rs_msg_pub FOR TABLE rs_msg")
        LogicalPostgres.replication().use { it.createSlot("rs_msg") }
        sql.query("SELECT pg_logical_emit_message(false, 'ping', 'hello')")
        sql.simpleQuery("BEGIN; INSERT INTO rs_msg VALUES (1); SELECT pg_logical_emit_message(true, 'outbox', 'order 1'); COMMIT")
        val events = LogicalPostgres.replication().use { rc ->
            withTimeout(30.seconds) { rc.stream("rs_msg", listOf("rs_msg_pub")).take(2).toList().map { it.ack(); it.event } }
        }
        val ping = events[0].shouldBeInstanceOf<StandaloneMessage>()
        String(ping.content) shouldBe "hello"
        val tx = events[1].shouldBeInstanceOf<ChangeTransaction>()
        tx.changes[0].shouldBeInstanceOf<RowInserted>()
        String(tx.changes[1].shouldBeInstanceOf<MessageEmitted>().content) shouldBe "order 1"
    }

    test("keepalives asking for a reply are answered, so an idle stream outlives a short wal_sender_timeout") {
        sql.simpleQuery("CREATE TABLE rs_idle (id int PRIMARY KEY); CREATE PUBLICATION rs_idle_pub FOR TABLE rs_idle")
        LogicalPostgres.replication().use { it.createSlot("rs_idle") }
        // No timer updates for an hour: every reply the server records answers one of its keepalives.
        val options = ReplicationOptions(statusInterval = 1.hours)
        ReplicationConnection.connect(LogicalPostgres.url + "?options=-c%20wal_sender_timeout%3D500").use { rc ->
            withTimeout(60.seconds) {
                coroutineScope {
                    val writer = async {
                        val replies = HashSet<String>()
                        while (replies.size < 4) {
                            sql.query(
                                "SELECT r.reply_time::text FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid " +
                                    "WHERE s.slot_name = 'rs_idle' AND r.reply_time IS NOT NULL",
                            ).rows.firstOrNull()?.let { replies += it.getObject(0) as String }
                            delay(50)
                        }
                        sql.execute("INSERT INTO rs_idle VALUES (1)")
                    }
                    val tx = rc.stream("rs_idle", listOf("rs_idle_pub"), options).first().event.shouldBeInstanceOf<ChangeTransaction>()
                    writer.await()
                    tx.changes.single().shouldBeInstanceOf<RowInserted>().newRow["id"] shouldBe 1
                }
            }
        }
    }
})
