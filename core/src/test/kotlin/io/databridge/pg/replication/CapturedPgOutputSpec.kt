package io.databridge.pg.replication

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.PgInet
import io.databridge.pg.types.TypeRegistry
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.math.BigDecimal
import java.sql.DriverManager
import java.time.LocalDate
import java.util.UUID

private object ServerContext : CodecContext {
    override val registry: TypeRegistry = TypeRegistry.withBuiltins()

    override fun serverParameter(name: String): String? = when (name) {
        "DateStyle" -> "ISO, MDY"
        "IntervalStyle" -> "postgres"
        "TimeZone" -> "UTC"
        else -> null
    }
}

/** pgoutput bytes captured from a real server with `pg_logical_slot_peek_binary_changes`, through decoder and assembler. */
class CapturedPgOutputSpec : FunSpec({
    val pg = EmbeddedPostgres.start { setting("wal_level", "logical"); setting("max_replication_slots", "4") }
    afterSpec { pg.close() }
    val db = DriverManager.getConnection(pg.jdbcUrl())
    afterSpec { db.close() }

    fun run(vararg sql: String) = db.createStatement().use { s -> sql.forEach(s::execute) }

    fun capture(slot: String, vararg options: String): List<ReplicationEvent> {
        val decoder = PgOutputDecoder()
        val assembler = TransactionAssembler(ServerContext)
        val placeholders = options.joinToString("") { ", ?" }
        return db.prepareStatement("SELECT data FROM pg_logical_slot_peek_binary_changes(?, NULL, NULL$placeholders)").use { ps ->
            ps.setString(1, slot)
            options.forEachIndexed { i, o -> ps.setString(i + 2, o) }
            ps.executeQuery().use { rs ->
                buildList { while (rs.next()) assembler.accept(decoder.decode(rs.getBytes(1)))?.let(::add) }
            }
        }
    }

    run(
        "CREATE TABLE cap_items (id int PRIMARY KEY, n numeric, d date, u uuid, ip inet, tags text[], doc jsonb, big text)",
        "CREATE PUBLICATION cap_pub FOR TABLE cap_items",
        "SELECT pg_create_logical_replication_slot('cap_slot', 'pgoutput')",
        "INSERT INTO cap_items VALUES (1, 12.50, '2024-02-29', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '10.0.0.1', '{x,y}', '{\"k\": 1}', (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 4000) g))",
        "UPDATE cap_items SET n = 13 WHERE id = 1",
        "DELETE FROM cap_items WHERE id = 1",
        "TRUNCATE cap_items",
    )

    for (options in listOf(arrayOf("proto_version", "1"), arrayOf("proto_version", "2", "binary", "true"))) {
        test("inserts, updates with unchanged TOAST, deletes and truncates decode (${options.joinToString(" ")})") {
            val events = capture("cap_slot", *options, "publication_names", "cap_pub")
            events.size shouldBe 4
            events.forEach { it.shouldBeInstanceOf<ChangeTransaction>().outcome shouldBe TransactionOutcome.COMMITTED }
            val inserted = (events[0] as ChangeTransaction).changes.single().shouldBeInstanceOf<RowInserted>().newRow
            inserted.relation.qualifiedName shouldBe "public.cap_items"
            inserted["id"] shouldBe 1
            inserted["n"] shouldBe BigDecimal("12.50")
            inserted["d"] shouldBe LocalDate.of(2024, 2, 29)
            inserted["u"] shouldBe UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
            inserted["ip"] shouldBe PgInet.parse("10.0.0.1")
            (inserted["big"] as String).length shouldBe 128000
            val updated = (events[1] as ChangeTransaction).changes.single().shouldBeInstanceOf<RowUpdated>()
            updated.oldRow shouldBe null
            updated.newRow["n"] shouldBe BigDecimal("13")
            updated.newRow.isUnchangedToast("big") shouldBe true
            updated.newRow.isNull("big") shouldBe false
            val deleted = (events[2] as ChangeTransaction).changes.single().shouldBeInstanceOf<RowDeleted>()
            deleted.oldIsKey shouldBe true
            deleted.oldRow["id"] shouldBe 1
            (events[3] as ChangeTransaction).changes.single().shouldBeInstanceOf<TablesTruncated>().relations.single().name shouldBe "cap_items"
            ((events[0] as ChangeTransaction).commitLsn < (events[3] as ChangeTransaction).commitLsn) shouldBe true
        }
    }
})
