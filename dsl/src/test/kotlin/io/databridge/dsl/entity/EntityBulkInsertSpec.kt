package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.dsl.entity.write.ParameterLimit
import io.databridge.pg.PgConnection
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

class EntityBulkInsertSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeSpec { db = entityConnection(log) }
    afterSpec { db.close() }

    test("insertAll of 100,000 entities with 10 columns is cut under the parameter limit and stores every row") {
        val entities = (1L..100_000L).map(::sampleMeasurement)
        val repository = db.repository(Model.measurements)
        lateinit var stored: List<Measurement>
        val statements = log.during { stored = repository.insertAll(entities) }
        val rowsPerStatement = ParameterLimit.MAX_PARAMETERS / 10
        statements.size shouldBe (100_000 + rowsPerStatement - 1) / rowsPerStatement
        stored shouldBe entities
        repository.count() shouldBe 100_000L
        repository.findAll(orderBy = listOf(Measurements.id.asc()), limit = 2) shouldContainExactly entities.take(2)
        repository.page(1, after = entities[99_998]) shouldContainExactly listOf(entities[99_999])
    }
})
