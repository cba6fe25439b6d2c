package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.UniqueViolationException
import io.databridge.pg.observe.PgOperationKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

class EntityCycleSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    fun newDepartment(): Department {
        val ada = Employee(name = "Ada")
        return Department(name = "R&D").apply {
            manager.set(ada)
            staff.set(listOf(ada, Employee(name = "Bob")))
        }
    }

    test("new entities referencing each other through a nullable foreign key are inserted with it NULL, then set by one UPDATE") {
        lateinit var stored: Department
        val statements = log.during { stored = db.repository(Model.departments).insert(newDepartment()) }

        statements.map { it.kind } shouldContainExactly listOf(PgOperationKind.QUERY, PgOperationKind.QUERY, PgOperationKind.BATCH)
        statements[0].sql shouldStartWith "INSERT INTO \"entity_test\".\"departments\""
        statements[1].sql shouldStartWith "INSERT INTO \"entity_test\".\"employees\""
        statements[2].sql shouldBe "UPDATE \"entity_test\".\"departments\" SET \"manager_id\" = \$1::int4 WHERE (\"departments\".\"id\" = \$2::int4)"
        val ada = stored.staff.value[0]
        stored.managerId shouldBe ada.id
        stored.manager.value shouldBe ada
        ada.departmentId shouldBe stored.id
        val read = db.repository(Model.departments).findById(stored.id!!, Model.departmentStaff)!!
        read.managerId shouldBe ada.id
        read.staff.value.map { it.name } shouldContainExactly listOf("Ada", "Bob")
    }

    test("a unit of work breaks the same cycle at its flush, and a failure after the NULL insert leaves nothing behind") {
        db.unitOfWork { work -> work.add(Model.departments, newDepartment()) }
        val department = db.repository(Model.departments).findAll().single()
        db.repository(Model.employees).findById(department.managerId!!)!!.name shouldBe "Ada"

        val broken = Department(name = "broken").apply {
            val ghost = Employee(name = "Ghost")
            manager.set(ghost)
            staff.set(listOf(ghost, Employee(id = department.managerId, name = "duplicate key")))
        }
        shouldThrow<UniqueViolationException> { db.unitOfWork { work -> work.add(Model.departments, broken) } }
        db.repository(Model.departments).count() shouldBe 1L
        db.repository(Model.employees).count() shouldBe 2L
    }

    test("a cycle through NOT NULL keys is inserted with a DEFERRABLE one deferred when the key it points at is given") {
        val captain = Player(id = 7, name = "Cap")
        val team = Team(id = 10, name = "Reds").apply {
            this.captain.set(captain)
            players.set(listOf(captain, Player(id = 8, name = "Wing")))
        }
        val statements = log.during { db.repository(Model.teams).insert(team) }

        statements.first().sql shouldBe "SET CONSTRAINTS \"entity_test\".\"players_team_id_fkey\" DEFERRED"
        statements.last().sql shouldBe "SET CONSTRAINTS \"entity_test\".\"players_team_id_fkey\" IMMEDIATE"
        db.repository(Model.teams).findById(10)!!.captainId shouldBe 7
        db.repository(Model.players).findAll(orderBy = listOf(Players.id.asc())).map { it.teamId } shouldContainExactly listOf(10, 10)
    }

    test("a cycle through NOT NULL keys that cannot be deferred is refused naming the tables, before any statement") {
        val captain = Player(name = "Cap")
        val team = Team(name = "Blues").apply {
            this.captain.set(captain)
            players.set(listOf(captain))
        }
        val statements = log.during {
            val e = shouldThrow<EntityCycleException> { db.repository(Model.teams).insert(team) }
            e.message shouldContain "teams.captain_id -> players"
            e.message shouldContain "players.team_id -> teams"
        }
        statements shouldBe emptyList()
        db.repository(Model.teams).count() shouldBe 0L
        db.repository(Model.players).count() shouldBe 0L
    }
})
