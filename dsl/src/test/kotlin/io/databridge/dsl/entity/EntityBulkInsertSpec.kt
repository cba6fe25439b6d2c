package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.dsl.InvalidParameterException
import io.databridge.dsl.exec.ParameterLimit
import io.databridge.dsl.exec.executeBatch
import io.databridge.dsl.insert
import io.databridge.pg.PgConnection
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.transaction
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith

class EntityBulkInsertSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    val entities = (1L..100_000L).map(::sampleMeasurement)

    test("insertAll of 100,000 entities with 10 columns inside a transaction is cut under the parameter limit") {
        lateinit var stored: List<Measurement>
        val statements = log.during {
            db.transaction { tx -> stored = tx.repository(Model.measurements).insertAll(entities) }
        }
        val rowsPerStatement = ParameterLimit.MAX_PARAMETERS / 10
        statements.size shouldBe (100_000 + rowsPerStatement - 1) / rowsPerStatement
        // every column given: nothing for the database to fill, so no RETURNING
        statements.forEach { it.sql shouldStartWith "INSERT INTO"; it.sql shouldNotContain "RETURNING" }
        stored shouldBe entities
        val repository = db.repository(Model.measurements)
        repository.count() shouldBe 100_000L
        repository.findAll(orderBy = listOf(Measurements.id.asc()), limit = 2) shouldContainExactly entities.take(2)
        repository.page(1, after = entities[99_998]) shouldContainExactly listOf(entities[99_999])
    }

    test("insertAll of 100,000 complete entities on a connection stores them with one binary COPY") {
        val repository = db.repository(Model.measurements)
        lateinit var stored: List<Measurement>
        val statements = log.during { stored = repository.insertAll(entities) }
        statements.map { it.kind } shouldContainExactly listOf(PgOperationKind.QUERY, PgOperationKind.COPY_IN)
        stored shouldBe entities
        repository.findAll(orderBy = listOf(Measurements.id.asc()), limit = 3) shouldContainExactly entities.take(3)
        repository.count() shouldBe 100_000L
        log.during { repository.update(entities[5]) }.size shouldBe 0
        repository.update(entities[5].copy(note = "tracked")).note shouldBe "tracked"
    }

    test("insertAll of complete rows sends what the DSL's executeBatch of Table.insert sends: one batch of one-row INSERTs") {
        val rows = entities.take(500)
        val fromEntities = log.during { db.repository(Model.measurements).insertAll(rows) }
        val stored = db.repository(Model.measurements).findAll(orderBy = listOf(Measurements.id.asc()))
        db.simpleQuery("TRUNCATE $SCHEMA.measurements")
        val t = Measurements
        val fromDsl = log.during {
            db.executeBatch(
                rows.map { m ->
                    t.insert {
                        it[t.id] = m.id; it[t.sensor] = m.sensor; it[t.reading] = m.reading; it[t.label] = m.label; it[t.ok] = m.ok
                        it[t.amount] = m.amount; it[t.day] = m.day; it[t.ref] = m.ref; it[t.note] = m.note; it[t.seq] = m.seq
                    }
                },
            )
        }
        fromEntities.map { Triple(it.kind, it.sql, it.batchSize) } shouldContainExactly fromDsl.map { Triple(it.kind, it.sql, it.batchSize) }
        fromEntities.single().batchSize shouldBe 500
        stored shouldContainExactly rows
        db.repository(Model.measurements).findAll(orderBy = listOf(Measurements.id.asc())) shouldContainExactly rows
    }

    test("a value its column's type refuses fails the batch insert before anything is sent") {
        val bad = sampleMeasurement(1).copy(label = "nul \u0000 inside")
        val statements = log.during {
            shouldThrow<InvalidParameterException> { db.repository(Model.measurements).insertAll(listOf(sampleMeasurement(2), bad)) }
        }
        statements shouldBe emptyList()
        db.repository(Model.measurements).count() shouldBe 0L
    }

    test("below the COPY threshold a connection inserts with INSERT, not COPY") {
        val statements = log.during { db.repository(Model.measurements).insertAll(entities.take(999)) }
        statements.single().sql shouldStartWith "INSERT INTO"
    }

    test("over a table with a rule, which COPY would skip, 1,000 complete entities take the INSERT and the rule runs for each") {
        db.simpleQuery(
            "CREATE TABLE $SCHEMA.measured (id int8); " +
                "CREATE RULE counted AS ON INSERT TO $SCHEMA.measurements DO ALSO INSERT INTO $SCHEMA.measured VALUES (NEW.id)",
        )
        val rows = entities.take(1_000)
        val statements = log.during { db.repository(Model.measurements).insertAll(rows) shouldBe rows }
        statements.map { it.kind } shouldContainExactly listOf(PgOperationKind.QUERY, PgOperationKind.BATCH)
        db.query("SELECT count(*) FROM $SCHEMA.measured").rows.single().getLong(0) shouldBe 1_000L
        db.repository(Model.measurements).count() shouldBe 1_000L
    }
})
