package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.schema.SchemaChange
import io.databridge.dsl.schema.applyDiff
import io.databridge.dsl.schema.assertSchemaMatches
import io.databridge.dsl.schema.create
import io.databridge.dsl.schema.diff
import io.databridge.pg.PgConnection
import io.databridge.pg.identifiers.Identifiers
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** A table whose every name needs quoting; the objects below are its two versions, for the schema diff. */
private abstract class OrderItemsTable : Table("Order Items") {
    val id = int4("Id").primaryKey()
    val publisher = text("O'Reilly")
    val street = text("Straße").nullable()
    val size = int4("größe")
    val weird = text("Weird\"Name")
}

private object OrderItems : OrderItemsTable()

private object OrderItemsWider : OrderItemsTable() {
    val added = text("new \"col\"; --").nullable()
}

private object Shelf : Table("Weird\"Name", schema = "O'Reilly Schema") {
    val label = text("Label")
    val longest = int4("é".repeat(31) + "x")
}

class QuotedIdentifiersSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_quoted CASCADE; CREATE SCHEMA dsl_quoted; SET search_path = dsl_quoted",
            "DROP SCHEMA IF EXISTS \"O'Reilly Schema\" CASCADE; CREATE SCHEMA \"O'Reilly Schema\"",
        )
        db = conn.asSqlExecutor()
    }
    afterSpec {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_quoted CASCADE; DROP SCHEMA \"O'Reilly Schema\" CASCADE") }
    }

    test("tables and columns named as PostgreSQL allows quoted: create, insert, select, update, delete") {
        conn.create(OrderItems, Shelf)
        db.execute(
            OrderItems.insertAll(listOf(1, 2, 3)) { row, i ->
                row[OrderItems.id] = i; row[OrderItems.publisher] = "pub$i"; row[OrderItems.street] = if (i == 2) null else "s$i"
                row[OrderItems.size] = i * 10; row[OrderItems.weird] = "w\"$i"
            },
        ) shouldBe 3L
        db.list(select(OrderItems.id, OrderItems.weird).from(OrderItems).where(OrderItems.size gt 10).orderBy(OrderItems.id.asc())) shouldBe
            listOf(2 to "w\"2", 3 to "w\"3")
        db.list(OrderItems.update(OrderItems.id eq 2) { it[OrderItems.street] = "Hauptstraße" }.returning(OrderItems.street)) shouldBe
            listOf("Hauptstraße")
        db.execute(OrderItems.delete(OrderItems.publisher eq "pub1")) shouldBe 1L
        val alias = OrderItems.alias("oi \"2\"")
        db.list(select(alias[OrderItems.id]).from(alias).orderBy(alias[OrderItems.id].asc())) shouldBe listOf(2, 3)
        // The names reached the catalog exactly as declared.
        conn.query("SELECT attname::text FROM pg_attribute WHERE attrelid = '\"Order Items\"'::regclass AND attnum > 0 ORDER BY attnum")
            .rows.map { it.getString(0) } shouldBe listOf("Id", "O'Reilly", "Straße", "größe", "Weird\"Name")

        db.execute(Shelf.insert { it[Shelf.label] = "top"; it[Shelf.longest] = 7 }) shouldBe 1L
        db.list(select(Shelf.longest).from(Shelf).where(Shelf.label eq "top")) shouldBe listOf(7)
    }

    test("the schema diff reads such names back, sees no change, and adds a column with one") {
        conn.assertSchemaMatches(OrderItems, Shelf)
        val diff = conn.diff(OrderItemsWider)
        diff.changes.single().change.shouldBeInstanceOf<SchemaChange.AddColumn>()
        conn.applyDiff(diff)
        conn.assertSchemaMatches(OrderItemsWider)
        db.execute(OrderItemsWider.update(OrderItemsWider.id eq 3) { it[OrderItemsWider.added] = "x" }) shouldBe 1L
        db.list(select(OrderItemsWider.added).from(OrderItemsWider).where(OrderItemsWider.id eq 3)) shouldBe listOf("x")
    }

    test("system column names are refused as column names, and only there") {
        for (name in Identifiers.SYSTEM_COLUMNS) {
            shouldThrow<InvalidIdentifierException> { object : Table("t") { val c = int8(name) } }.message shouldContain "system column"
        }
        object : Table("xmin") { val c = int8("Xmin") }.tableName shouldBe "xmin"
        CteTable("c").column("xmin", io.databridge.dsl.types.PgTypes.int8).name shouldBe "xmin"
    }

    test("names too long in UTF-8 are refused with their length; 63 bytes fit") {
        shouldThrow<InvalidIdentifierException> { object : Table("é".repeat(32)) {} }.message shouldContain "64 bytes"
        object : Table("é".repeat(31) + "x") {}.tableName.toByteArray().size shouldBe 63
    }
})
