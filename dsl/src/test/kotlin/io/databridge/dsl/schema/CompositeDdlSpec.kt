package io.databridge.dsl.schema

import io.databridge.dsl.Address
import io.databridge.dsl.AddressType
import io.databridge.dsl.Mood
import io.databridge.dsl.Table
import io.databridge.dsl.Venues
import io.databridge.dsl.engineConnection
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.insert
import io.databridge.dsl.selectAll
import io.databridge.dsl.types.CompositeType
import io.databridge.dsl.types.CompositeValues
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf

private const val COMPOSITE_SCHEMA = "ddl_composite"

data class Delivery(val to: Address, val earlier: List<Address>?)

/** A composite holding another composite, directly and in an array. */
object DeliveryType : CompositeType<Delivery>("ddl_delivery") {
    val to = field("to", AddressType) { it.to }
    val earlier = nullableField("earlier", PgTypes.array(AddressType)) { it.earlier }
    override fun create(values: CompositeValues): Delivery = Delivery(values[to], values[earlier])
}

object Shipments : Table("shipments") {
    val id = int4("id").primaryKey()
    val delivery = column("delivery", DeliveryType)
}

/** A second object for the type name `address`, which the schema cannot tell from [AddressType]. */
private object OtherAddressType : CompositeType<String>("address") {
    val line = field("line", PgTypes.text) { it }
    override fun create(values: CompositeValues): String = values[line]
}

private object Letters : Table("letters") {
    val id = int4("id").primaryKey()
    val address = column("address", OtherAddressType)
}

class CompositeDdlSpec : FunSpec({
    lateinit var conn: PgConnection
    beforeTest {
        conn = engineConnection("DROP SCHEMA IF EXISTS $COMPOSITE_SCHEMA CASCADE; CREATE SCHEMA $COMPOSITE_SCHEMA; SET search_path = $COMPOSITE_SCHEMA")
    }
    afterTest { conn.use { it.simpleQuery("DROP SCHEMA $COMPOSITE_SCHEMA CASCADE") } }

    suspend fun typesInSchema(): Long =
        conn.query("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype IN ('c', 'e') " +
            "AND t.typrelid NOT IN (SELECT oid FROM pg_class WHERE relkind <> 'c')", COMPOSITE_SCHEMA).rows.single().getLong(0)

    test("a composite column's type is created after the types it uses and before its table, and dropped after it") {
        val create = createStatements(Venues)
        create.take(2) shouldContainExactly listOf(
            "CREATE TYPE \"mood\" AS ENUM (E'HAPPY', E'SAD')",
            "CREATE TYPE \"address\" AS (\"street\" text, \"zip\" integer, \"mood\" mood)",
        )
        create[2] shouldStartWith "CREATE TABLE \"venues\""
        create[2] shouldContain "\"address\" address NOT NULL"
        create[2] shouldContain "\"previous\" address[]"
        dropStatements(Venues) shouldBe listOf("DROP TABLE \"venues\"", "DROP TYPE \"address\"", "DROP TYPE \"mood\"")
        createStatements(Shipments).take(3) shouldContainExactly listOf(
            "CREATE TYPE \"mood\" AS ENUM (E'HAPPY', E'SAD')",
            "CREATE TYPE \"address\" AS (\"street\" text, \"zip\" integer, \"mood\" mood)",
            "CREATE TYPE \"ddl_delivery\" AS (\"to\" address, \"earlier\" address[])",
        )
        // In one DROP TYPE the composite that uses another comes first.
        dropStatements(Shipments, ifExists = true)[1] shouldBe "DROP TYPE IF EXISTS \"ddl_delivery\", \"address\""
    }

    test("create makes the types and the table on a server, rows round-trip, the schema matches, drop removes the types") {
        conn.create(Venues, Shipments)
        conn.create(Venues, Shipments, ifNotExists = true)
        val db = conn.asSqlExecutor()
        val home = Address("Main St", null, Mood.SAD)
        db.execute(Venues.insert { it[Venues.id] = 1; it[Venues.address] = home; it[Venues.open] = emptyList() })
        db.list(Venues.selectAll()).single()[Venues.address] shouldBe home
        val delivery = Delivery(home, listOf(Address("Old Rd", 1, Mood.HAPPY)))
        db.execute(Shipments.insert { it[Shipments.id] = 1; it[Shipments.delivery] = delivery })
        db.list(Shipments.selectAll()).single()[Shipments.delivery] shouldBe delivery
        conn.assertSchemaMatches(Venues, Shipments)
        typesInSchema() shouldBe 3L
        conn.drop(Shipments, Venues)
        typesInSchema() shouldBe 0L
    }

    test("a diff creates a missing composite type before its table; a type whose attributes differ is reported, not emitted") {
        val diff = conn.diff(Venues)
        diff.statements.take(2) shouldContainExactly listOf(
            "CREATE TYPE \"mood\" AS ENUM (E'HAPPY', E'SAD')",
            "CREATE TYPE \"address\" AS (\"street\" text, \"zip\" integer, \"mood\" mood)",
        )
        diff.statements[2] shouldStartWith "CREATE TABLE \"venues\""
        conn.applyDiff(diff)
        conn.assertSchemaMatches(Venues)

        conn.simpleQuery("ALTER TYPE address ADD ATTRIBUTE floor int4")
        val changed = conn.diff(Venues)
        changed.changes.single().change.shouldBeInstanceOf<SchemaChange.CompositeDiffers>()
        changed.statements shouldBe emptyList()
        changed.describe().single() shouldContain
            "composite type address has (street text, zip integer, mood mood, floor integer), the table objects declare (street text, zip integer, mood mood)"
        shouldThrow<SchemaMismatchException> { conn.assertSchemaMatches(Venues) }
    }

    test("two type objects of one composite name are refused") {
        shouldThrow<SchemaException> { createStatements(Venues, Letters) }.message shouldContain "composite type address is declared by two objects"
    }
})
