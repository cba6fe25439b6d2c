package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.types.CompositeType
import io.databridge.dsl.types.CompositeValues
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.PgConnection
import io.databridge.pg.types.PgRange
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.LocalDate

data class Address(val street: String, val zip: Int?, val mood: Mood)

object AddressType : CompositeType<Address>("address") {
    val street = field("street", PgTypes.text) { it.street }
    val zip = nullableField("zip", PgTypes.int4) { it.zip }
    val mood = field("mood", PgTypes.enum<Mood>("mood")) { it.mood }
    override fun create(values: CompositeValues): Address = Address(values[street], values[zip], values[mood])
}

object Venues : Table("venues") {
    val id = int4("id").primaryKey()
    val address = column("address", AddressType)
    val previous = column("previous", PgTypes.array(AddressType)).nullable()
    val open = datemultirange("open")
    val seats = int4multirange("seats").nullable()
}

class TypedColumnsSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_typed CASCADE; CREATE SCHEMA dsl_typed",
            "SET search_path = dsl_typed",
            "CREATE TYPE mood AS ENUM ('HAPPY', 'SAD'); CREATE TYPE address AS (street text, zip int4, mood mood)",
            "CREATE TABLE venues (id int4 PRIMARY KEY, address address NOT NULL, previous address[], open datemultirange NOT NULL, seats int4multirange)",
        )
        db = conn.asSqlExecutor()
    }
    beforeTest { conn.simpleQuery("TRUNCATE venues") }
    afterSpec { conn.use { it.simpleQuery("DROP SCHEMA dsl_typed CASCADE") } }

    val day = LocalDate.of(2026, 1, 5)

    test("a composite column reads and writes its Kotlin class, nested in arrays too, with NULL and quoting in fields") {
        val home = Address("Main St, \"4\" (rear)", null, Mood.SAD)
        val old = Address("Old Rd", 12345, Mood.HAPPY)
        db.execute(Venues.insert {
            it[Venues.id] = 1; it[Venues.address] = home; it[Venues.previous] = listOf(old, home)
            it[Venues.open] = listOf(PgRange.closedOpen(day, day.plusDays(2)))
        })
        val row = db.list(Venues.selectAll()).single()
        row[Venues.address] shouldBe home
        row[Venues.previous] shouldBe listOf(old, home)
        db.list(select(Venues.id).from(Venues).where(Venues.address eq home)) shouldBe listOf(1)
    }

    test("one attribute of a composite is a typed expression in select, WHERE and ORDER BY") {
        db.execute(Venues.insert { it[Venues.id] = 1; it[Venues.address] = Address("B", 2, Mood.SAD); it[Venues.open] = emptyList() })
        db.execute(Venues.insert { it[Venues.id] = 2; it[Venues.address] = Address("A", 1, Mood.HAPPY); it[Venues.open] = emptyList() })
        val zip: Expr<Int?> = Venues.address.field(AddressType.zip)
        db.list(select(Venues.address.field(AddressType.street), zip).from(Venues).orderBy(zip.asc())) shouldBe listOf("A" to 1, "B" to 2)
        db.list(select(Venues.id).from(Venues).where(Venues.address.field(AddressType.mood) eq Mood.SAD)) shouldBe listOf(1)
    }

    test("a NULL in a non-null attribute and a composite of the wrong shape fail typed") {
        conn.simpleQuery("INSERT INTO venues VALUES (3, ROW(NULL, 1, 'SAD')::address, NULL, '{}')")
        shouldThrow<UnexpectedNullException> { db.list(select(Venues.address).from(Venues)) }.message shouldContain "street"
        shouldThrow<InvalidParameterException> {
            Venues.insert { it[Venues.id] = 4; it[Venues.address] = Address(NUL_STREET, 1, Mood.SAD); it[Venues.open] = emptyList() }
        }
    }

    test("multirange columns read and write lists of typed ranges; the server normalises them") {
        db.execute(Venues.insert {
            it[Venues.id] = 1; it[Venues.address] = Address("A", 1, Mood.HAPPY)
            it[Venues.open] = listOf(PgRange.closedOpen(day.plusDays(5), day.plusDays(6)), PgRange.closedOpen(day, day.plusDays(2)))
            it[Venues.seats] = listOf(PgRange.closed(1, 3), PgRange.closed(4, 9))
        })
        val (open, seats) = db.single(select(Venues.open, Venues.seats).from(Venues))
        open shouldBe listOf(PgRange.closedOpen(day, day.plusDays(2)), PgRange.closedOpen(day.plusDays(5), day.plusDays(6)))
        seats shouldBe listOf(PgRange.closedOpen(1, 10))
        db.list(select(Venues.id).from(Venues).where(Venues.seats eq listOf(PgRange.closedOpen(1, 10)))) shouldBe listOf(1)
        db.single(select(param(emptyList(), PgTypes.int8multirange))) shouldBe emptyList()
    }
})

private const val NUL_STREET = "a\u0000b"
