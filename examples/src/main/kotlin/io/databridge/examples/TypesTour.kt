package io.databridge.examples

import io.databridge.dsl.Table
import io.databridge.dsl.asc
import io.databridge.dsl.eq
import io.databridge.dsl.exec.copyIn
import io.databridge.dsl.exec.copyOut
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.field
import io.databridge.dsl.gt
import io.databridge.dsl.insertAll
import io.databridge.dsl.jsonContains
import io.databridge.dsl.jsonContainsPartial
import io.databridge.dsl.max
import io.databridge.dsl.select
import io.databridge.dsl.types.CompositeType
import io.databridge.dsl.types.CompositeValues
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.PgPool
import io.databridge.pg.types.PgRange
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.Serializable
import java.time.Instant
import java.time.LocalDate

/** A venue's settings, stored as jsonb; documents written by other services may carry more keys. */
@Serializable
internal data class VenueSettings(val theme: String, val beta: Boolean = false)

/** A partial [VenueSettings] for `@>`: only the properties given take part. */
@Serializable
internal data class VenueSettingsFilter(val theme: String? = null, val beta: Boolean? = null)

/** A postal address, stored as the composite type `address`. */
internal data class Address(val street: String, val zip: Int?)

/** The composite type `address`, declared once. */
internal object AddressType : CompositeType<Address>("address") {
    val street = field("street", PgTypes.text) { it.street }
    val zip = nullableField("zip", PgTypes.int4) { it.zip }
    override fun create(values: CompositeValues) = Address(values[street], values[zip])
}

/** Venues: typed JSON, a composite and a multirange column. */
internal object Venues : Table("venue") {
    val id = int4("id").primaryKey()
    val settings = jsonb<VenueSettings>("settings")
    val address = column("address", AddressType)
    val open = datemultirange("open")
}

/** Sensor readings: the time of each as an `Instant` (a `timestamptz` column). */
internal object Readings : Table("reading") {
    val id = int4("id").primaryKey()
    val takenAt = instant("taken_at")
    val celsius = float8("celsius")
}

/** Typed JSON, composite and multirange columns, COPY in and out of a table object, and a bulk insert of instants. */
internal suspend fun typesTour(url: String): List<Pair<String, Boolean>> {
    val pool = PgPool.create("$url?pool_max_size=2")
    try {
        pool.execute("CREATE TYPE address AS (street text, zip int4)")
        pool.execute("CREATE TABLE venue (id int4 PRIMARY KEY, settings jsonb NOT NULL, address address NOT NULL, open datemultirange NOT NULL)")
        val day = LocalDate.of(2026, 12, 7)

        val stored = pool.copyIn(Venues, 1..1000) { row, i ->
            row[Venues.id] = i
            row[Venues.settings] = VenueSettings(theme = if (i % 2 == 0) "dark" else "light", beta = i % 100 == 0)
            row[Venues.address] = Address("Main St $i", if (i % 3 == 0) null else 10_000 + i)
            row[Venues.open] = listOf(PgRange.closedOpen(day, day.plusDays(i % 7 + 1L)))
        }
        println("COPY stored $stored venues")

        val beta = pool.list(select(Venues.id).from(Venues).where(Venues.settings jsonContainsPartial VenueSettingsFilter(beta = true)))
        val exact = pool.list(select(Venues.id).from(Venues).where(Venues.settings jsonContains VenueSettings("dark", beta = true)))
        println("Beta venues: $beta, dark beta venues: $exact")

        val streets = pool.copyOut(
            select(Venues.address.field(AddressType.street), Venues.open).from(Venues)
                .where(Venues.address.field(AddressType.zip) gt 10_998).orderBy(Venues.id.asc()),
        ).toList()
        println("Streamed by COPY: $streets")

        pool.execute("CREATE TABLE reading (id int4 PRIMARY KEY, taken_at timestamptz NOT NULL, celsius float8 NOT NULL)")
        val start = Instant.parse("2026-12-08T00:00:00Z")
        // From 1,000 rows of plain values, execute stores an insertAll with one binary COPY.
        val inserted = pool.execute(Readings.insertAll(0 until 1440) { row, minute ->
            row[Readings.id] = minute
            row[Readings.takenAt] = start.plusSeconds(60L * minute)
            row[Readings.celsius] = 4.0 + minute % 60 / 10.0
        })
        val lastReading = pool.single(select(max(Readings.takenAt)).from(Readings))
        println("Inserted $inserted readings, the last at $lastReading")

        return listOf(
            "copy in typed rows" to (stored == 1000L),
            "a large insertAll of instants" to (inserted == 1440L && lastReading == start.plusSeconds(60L * 1439)),
            "typed jsonb containment" to (beta.size == 10 && exact.toSet() == beta.toSet()),
            "composite attributes and multiranges through copy out" to
                (streets == listOf("Main St 1000" to listOf(PgRange.closedOpen(day, day.plusDays(7))))),
        )
    } finally {
        pool.close()
    }
}
