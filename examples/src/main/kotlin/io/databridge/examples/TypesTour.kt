package io.databridge.examples

import io.databridge.dsl.Table
import io.databridge.dsl.asc
import io.databridge.dsl.eq
import io.databridge.dsl.exec.copyIn
import io.databridge.dsl.exec.copyOut
import io.databridge.dsl.exec.list
import io.databridge.dsl.field
import io.databridge.dsl.gt
import io.databridge.dsl.jsonContains
import io.databridge.dsl.jsonContainsPartial
import io.databridge.dsl.select
import io.databridge.dsl.types.CompositeType
import io.databridge.dsl.types.CompositeValues
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.PgPool
import io.databridge.pg.types.PgRange
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.Serializable
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

/** Typed JSON, composite and multirange columns, and COPY in and out of a table object. */
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

        return listOf(
            "copy in typed rows" to (stored == 1000L),
            "typed jsonb containment" to (beta.size == 10 && exact.toSet() == beta.toSet()),
            "composite attributes and multiranges through copy out" to
                (streets == listOf("Main St 1000" to listOf(PgRange.closedOpen(day, day.plusDays(7))))),
        )
    } finally {
        pool.close()
    }
}
