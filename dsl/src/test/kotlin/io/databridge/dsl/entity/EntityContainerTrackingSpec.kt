package io.databridge.dsl.entity

import io.databridge.dsl.Column
import io.databridge.dsl.Table
import io.databridge.dsl.eq
import io.databridge.dsl.exec.single
import io.databridge.dsl.select
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.PgConnection
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

private object Blobs : Table("blobs", SCHEMA) {
    val id: Column<Int> = int4("id").primaryKey()
    val data: Column<ByteArray> = bytea("data")
    val tags: Column<List<String>> = array("tags", PgTypes.text)
    val note: Column<String> = text("note")
}

/** An entity holding mutable containers: a byte array and a mutable list. */
private class Blob(val id: Int, val data: ByteArray, val tags: MutableList<String>, val note: String)

private val blobs = entity<Blob, Int>(Blobs) {
    id(Blobs.id, Blob::id)
    column(Blobs.data, Blob::data)
    column(Blobs.tags, Blob::tags)
    column(Blobs.note, Blob::note)
    construct { Blob(it[Blobs.id], it[Blobs.data], it[Blobs.tags].toMutableList(), it[Blobs.note]) }
}

/**
 * Snapshots copy the containers a row holds (chosen by the columns' types), so changing a byte array or a list in
 * place is a change, whether the entity was read by findAll or stored by insertAll (whose batch binds the row's own
 * value array).
 */
class EntityContainerTrackingSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach {
        db = entityConnection(log)
        db.simpleQuery("CREATE TABLE $SCHEMA.blobs (id int4 PRIMARY KEY, data bytea NOT NULL, tags text[] NOT NULL, note text NOT NULL)")
    }
    afterEach { db.close() }

    suspend fun storedData(id: Int): ByteArray = db.single(select(Blobs.data).from(Blobs).where(Blobs.id eq id))

    test("a byte array changed in place after findAll is written, and only that column") {
        db.repository(blobs).insertAll((1..20).map { Blob(it, byteArrayOf(1, 2, 3), mutableListOf("a"), "n$it") })
        val repository = db.repository(blobs)
        val loaded = repository.findAll().sortedBy { it.id }
        log.during { repository.update(loaded[4]) }.shouldBeEmpty()
        loaded[4].data[1] = 9
        val statements = log.during { repository.update(loaded[4]) }
        statements.size shouldBe 1
        statements[0].sql.substringAfter("SET").substringBefore("WHERE") shouldBe " \"data\" = \$1::bytea "
        storedData(5).toList() shouldBe listOf<Byte>(1, 9, 3)
        log.during { repository.update(loaded[4]) }.shouldBeEmpty()
    }

    test("a list and a byte array changed in place after insertAll are written") {
        val repository = db.repository(blobs)
        val stored = repository.insertAll((1..20).map { Blob(it, byteArrayOf(1, 2, 3), mutableListOf("a"), "n$it") })
        log.during { repository.update(stored[0]) }.shouldBeEmpty()
        stored[0].tags += "b"
        stored[0].data[0] = 7
        val statements = log.during { repository.update(stored[0]) }
        statements.size shouldBe 1
        statements[0].sql shouldContain "\"tags\""
        statements[0].sql shouldContain "\"data\""
        db.single(select(Blobs.tags).from(Blobs).where(Blobs.id eq 1)) shouldBe listOf("a", "b")
        storedData(1).toList() shouldBe listOf<Byte>(7, 2, 3)
    }
})
