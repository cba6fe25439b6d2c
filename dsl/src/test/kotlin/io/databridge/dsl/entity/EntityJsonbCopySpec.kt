package io.databridge.dsl.entity

import io.databridge.dsl.Column
import io.databridge.dsl.InvalidParameterException
import io.databridge.dsl.Table
import io.databridge.dsl.asc
import io.databridge.pg.PgConnection
import io.databridge.pg.observe.PgOperationKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

private object Events : Table("events", SCHEMA) {
    val id: Column<Long> = int8("id").primaryKey()
    val body: Column<String> = jsonb("body")
    val note: Column<String?> = text("note").nullable()
}

private data class Event(val id: Long, val body: String, val note: String?)

private val eventMapping = entity(Events) {
    id(Events.id, Event::id)
    column(Events.body, Event::body)
    column(Events.note, Event::note)
    construct { Event(it[Events.id], it[Events.body], it[Events.note]) }
}

class EntityJsonbCopySpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach {
        db = entityConnection(log)
        db.simpleQuery("CREATE TABLE $SCHEMA.events (id int8 PRIMARY KEY, body jsonb NOT NULL, note text)")
    }
    afterEach { db.close() }

    // Written as jsonb prints them (keys ordered by length, then bytes), so what is read back equals what was stored.
    fun event(i: Long) = Event(i, """{"i": $i, "s": "v\"$i\"", "tags": ["a", "b"]}""", if (i % 3 == 0L) null else "n$i")

    test("insertAll of 1,000 entities with a jsonb column stores them with one binary COPY, values intact") {
        val events = (1L..1_000L).map(::event)
        val repository = db.repository(eventMapping)
        val statements = log.during { repository.insertAll(events) shouldBe events }
        statements.map { it.kind } shouldContainExactly listOf(PgOperationKind.QUERY, PgOperationKind.COPY_IN)
        db.repository(eventMapping).findAll(orderBy = listOf(Events.id.asc())) shouldContainExactly events
        db.query("SELECT count(*) FROM $SCHEMA.events WHERE body @> '{\"tags\": [\"b\"]}'").rows.single().getLong(0) shouldBe 1_000L
        log.during { repository.update(events[7]) }.size shouldBe 0
    }

    test("a jsonb \\u0000 escape fails the COPY path as it fails the INSERT path: typed, before anything is sent") {
        val bad = Event(500, """{"s": "\u0000"}""", null)
        for (count in listOf(10L, 1_000L)) {
            val events = (1L..count).map { if (it == count / 2) bad.copy(id = it) else event(it) }
            val statements = log.during { shouldThrow<InvalidParameterException> { db.repository(eventMapping).insertAll(events) } }
            statements shouldBe emptyList()
            db.query("SELECT count(*) FROM $SCHEMA.events").rows.single().getLong(0) shouldBe 0L
        }
    }
})
