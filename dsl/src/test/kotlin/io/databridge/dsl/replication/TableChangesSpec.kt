package io.databridge.dsl.replication

import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.Table
import io.databridge.dsl.UnexpectedNullException
import io.databridge.dsl.Users
import io.databridge.dsl.entity.entity
import io.databridge.dsl.schema.create
import io.databridge.dsl.types.PgTypes
import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.replication.ChangeTransaction
import io.databridge.pg.replication.ReplicationConnection
import io.databridge.pg.replication.replicationStream
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.Serializable
import java.math.BigDecimal
import kotlin.time.Duration.Companion.seconds

enum class ParcelState { PACKED, SHIPPED }

@Serializable
data class Dimensions(val width: Int, val height: Int)

object Parcels : Table("parcel") {
    val id = int8("id").primaryKey()
    val state = enumeration<ParcelState>("state", "parcel_state")
    val weight = numeric("weight", 8, 2).nullable()
    val labels = array("labels", PgTypes.text)
    val size = jsonb<Dimensions>("size")
}

object Audits : Table("audit") {
    val id = int4("id").primaryKey()
    val note = text("note")
}

data class Parcel(val id: Long, val state: ParcelState, val weight: BigDecimal?, val labels: List<String>, val size: Dimensions)

val ParcelMapping = entity<Parcel, Long>(Parcels) {
    id(Parcels.id, Parcel::id)
    column(Parcels.state, Parcel::state)
    column(Parcels.weight, Parcel::weight)
    column(Parcels.labels, Parcel::labels)
    column(Parcels.size, Parcel::size)
    construct { Parcel(it[Parcels.id], it[Parcels.state], it[Parcels.weight], it[Parcels.labels], it[Parcels.size]) }
}

class TableChangesSpec : FunSpec({
    val pg = EmbeddedPostgres.start { setting("wal_level", "logical") }
    afterSpec { pg.close() }
    val db = runBlocking { PgConnection.connect(pg.url()) }
    afterSpec { db.close() }

    /** The next [count] transactions of [slot], acknowledged. */
    suspend fun transactions(slot: String, publication: String, count: Int): List<ChangeTransaction> = withTimeout(60.seconds) {
        replicationStream(pg.url(), slot, publication).take(count).map { it.ack(); it.event as ChangeTransaction }.toList()
    }

    test("inserts, updates, deletes and truncates of a table object arrive as typed rows and entities; other tables are left out") {
        db.create(Parcels, Audits)
        db.simpleQuery("CREATE PUBLICATION parcels FOR TABLE parcel, audit")
        ReplicationConnection.connect(pg.url()).use { it.createSlot("parcels_slot") }
        db.execute("INSERT INTO parcel VALUES (1, 'PACKED', 2.50, '{fragile,\"this side up\"}', '{\"width\": 3, \"height\": 4}')")
        db.simpleQuery("BEGIN; INSERT INTO audit VALUES (1, 'packed'); UPDATE parcel SET state = 'SHIPPED', weight = NULL WHERE id = 1; COMMIT")
        db.execute("DELETE FROM parcel WHERE id = 1")
        db.execute("TRUNCATE parcel")

        val changes = transactions("parcels_slot", "parcels", 4).map { it.changes(Parcels) }

        val inserted = changes[0].single().shouldBeInstanceOf<TableChange.Inserted>()
        inserted.table shouldBe Parcels
        inserted.new[Parcels.id] shouldBe 1L
        inserted.new[Parcels.state] shouldBe ParcelState.PACKED
        inserted.new[Parcels.weight] shouldBe BigDecimal("2.50")
        inserted.new[Parcels.labels] shouldBe listOf("fragile", "this side up")
        inserted.new[Parcels.size] shouldBe Dimensions(3, 4)
        inserted.new.toEntity(ParcelMapping) shouldBe Parcel(1, ParcelState.PACKED, BigDecimal("2.50"), listOf("fragile", "this side up"), Dimensions(3, 4))

        val updated = changes[1].single().shouldBeInstanceOf<TableChange.Updated>()
        updated.old.shouldBeNull() // the key did not change, and the default identity sends no old row then
        updated.new[Parcels.state] shouldBe ParcelState.SHIPPED
        updated.new[Parcels.weight].shouldBeNull()

        val deleted = changes[2].single().shouldBeInstanceOf<TableChange.Deleted>()
        deleted.old.keyOnly shouldBe true
        deleted.old[Parcels.id] shouldBe 1L
        shouldThrow<ValueDecodingException> { deleted.old[Parcels.state] }.message shouldContain "REPLICA IDENTITY FULL"

        val truncated = changes[3].single().shouldBeInstanceOf<TableChange.Truncated>()
        truncated.table shouldBe Parcels
        truncated.cascade shouldBe false
    }

    test("under REPLICA IDENTITY FULL an update's and a delete's old rows carry every column; both tables can be asked for") {
        db.simpleQuery(
            "CREATE TABLE parcel_full (LIKE parcel INCLUDING ALL); ALTER TABLE parcel_full REPLICA IDENTITY FULL; " +
                "CREATE TABLE audit_full (id int4 PRIMARY KEY, note text NOT NULL); CREATE PUBLICATION full_pub FOR TABLE parcel_full, audit_full",
        )
        val fullParcels = object : Table("parcel_full") {
            val id = int8("id").primaryKey()
            val state = enumeration<ParcelState>("state", "parcel_state")
        }
        val fullAudits = object : Table("audit_full") {
            val id = int4("id").primaryKey()
            val note = text("note")
        }
        ReplicationConnection.connect(pg.url()).use { it.createSlot("full_slot") }
        db.execute("INSERT INTO parcel_full VALUES (7, 'PACKED', NULL, '{}', '{\"width\": 1, \"height\": 1}')")
        db.simpleQuery("BEGIN; UPDATE parcel_full SET state = 'SHIPPED'; INSERT INTO audit_full VALUES (7, 'shipped'); DELETE FROM parcel_full; COMMIT")

        val (_, second) = transactions("full_slot", "full_pub", 2)
        val changes = second.changes(fullParcels, fullAudits)
        changes.map { it::class } shouldBe listOf(TableChange.Updated::class, TableChange.Inserted::class, TableChange.Deleted::class)
        val updated = changes[0] as TableChange.Updated
        updated.old.shouldNotBeNull().keyOnly shouldBe false
        updated.old!![fullParcels.state] shouldBe ParcelState.PACKED
        updated.new[fullParcels.state] shouldBe ParcelState.SHIPPED
        (changes[1] as TableChange.Inserted).new[fullAudits.note] shouldBe "shipped"
        (changes[2] as TableChange.Deleted).old[fullParcels.state] shouldBe ParcelState.SHIPPED
    }

    test("a column of another table, a NULL in a non-null column object and no table at all are typed errors") {
        db.simpleQuery("CREATE TABLE loose (id int8 PRIMARY KEY, state text); CREATE PUBLICATION loose_pub FOR TABLE loose")
        val strict = object : Table("loose") {
            val id = int8("id").primaryKey()
            val state = text("state")
        }
        ReplicationConnection.connect(pg.url()).use { it.createSlot("loose_slot") }
        db.execute("INSERT INTO loose VALUES (1, NULL)")
        val transaction = transactions("loose_slot", "loose_pub", 1).single()
        val row = (transaction.changes(strict).single() as TableChange.Inserted).new
        shouldThrow<UnexpectedNullException> { row[strict.state] }.message shouldContain "\"state\""
        shouldThrow<InvalidQueryException> { row[Users.name] }
        shouldThrow<InvalidQueryException> { transaction.changes() }
        shouldThrow<InvalidQueryException> { row.toEntity(ParcelMapping) }
    }
})
