package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class WhereChainingSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeTest {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_where CASCADE; CREATE SCHEMA dsl_where; SET search_path = dsl_where",
            *USERS_AND_ORDERS_DDL,
        )
        db = conn.asSqlExecutor()
        for ((id, age) in listOf(1 to 30, 2 to 40, 3 to 50, 4 to 60)) {
            db.execute(Users.insert { it[Users.id] = id; it[Users.email] = "$id@x"; it[Users.name] = if (id % 2 == 0) "even$id" else "odd$id"; it[Users.age] = age })
        }
    }
    afterTest {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_where CASCADE") }
    }

    test("chained where calls on a select combine with AND") {
        val query = select(Users.id).from(Users).where(Users.age gt 35).where(Users.name like "even%").orderBy(Users.id.asc())
        render(query).sql shouldBe "SELECT \"users\".\"id\" FROM \"users\" WHERE ((\"users\".\"age\" > \$1::int4) AND " +
            "(\"users\".\"name\" LIKE \$2::text)) ORDER BY \"users\".\"id\""
        db.list(query) shouldBe listOf(2, 4)
        // An OR already given stays one operand of the AND.
        db.list(select(Users.id).from(Users).where((Users.id eq 1) or (Users.id eq 4)).where(Users.age gt 35)) shouldBe listOf(4)
    }

    test("chained where calls on an update combine with AND") {
        db.execute(Users.update(Users.age gt 35) { it[Users.name] = "changed" }.where(Users.age lt 55).where(Users.id neq 2)) shouldBe 1L
        db.list(select(Users.id).from(Users).where(Users.name eq "changed")) shouldBe listOf(3)
        db.execute(Users.update(null) { it[Users.age] = 1 }.where(Users.id eq 4)) shouldBe 1L
        db.list(select(Users.id).from(Users).where(Users.age eq 1)) shouldBe listOf(4)
    }

    test("chained where calls on a delete combine with AND") {
        db.execute(Users.delete(Users.age gt 35).where(Users.name like "odd%")) shouldBe 1L
        db.list(select(Users.id).from(Users).orderBy(Users.id.asc())) shouldBe listOf(1, 2, 4)
        db.execute(Users.delete(null).where(Users.id eq 1)) shouldBe 1L
        db.list(select(Users.id).from(Users).orderBy(Users.id.asc())) shouldBe listOf(2, 4)
    }

    test("orWhere ORs onto everything before it: where(a).where(b).orWhere(c) is (a AND b) OR c") {
        val query = select(Users.id).from(Users).where(Users.age gt 35).where(Users.name like "even%").orWhere(Users.id eq 1).orderBy(Users.id.asc())
        render(query).sql shouldBe "SELECT \"users\".\"id\" FROM \"users\" WHERE (((\"users\".\"age\" > \$1::int4) AND " +
            "(\"users\".\"name\" LIKE \$2::text)) OR (\"users\".\"id\" = \$3::int4)) ORDER BY \"users\".\"id\""
        db.list(query) shouldBe listOf(1, 2, 4)
        // A where after an orWhere applies to the whole: ((a AND b) OR c) AND d.
        db.list(select(Users.id).from(Users).where(Users.age gt 35).where(Users.name like "even%").orWhere(Users.id eq 1).where(Users.id lt 4)
            .orderBy(Users.id.asc())) shouldBe listOf(1, 2)
        // Successive orWhere calls stay one flat OR.
        render(select(Users.id).from(Users).where(Users.id eq 1).orWhere(Users.id eq 2).orWhere(Users.id eq 3)).sql shouldContain
            "WHERE ((\"users\".\"id\" = \$1::int4) OR (\"users\".\"id\" = \$2::int4) OR (\"users\".\"id\" = \$3::int4))"
    }

    test("orWhere on an update and a delete") {
        db.execute(Users.update(Users.age gt 35) { it[Users.name] = "changed" }.where(Users.age lt 55).orWhere(Users.id eq 1)) shouldBe 3L
        db.list(select(Users.id).from(Users).where(Users.name eq "changed").orderBy(Users.id.asc())) shouldBe listOf(1, 2, 3)
        db.execute(Users.delete(Users.id eq 4).where(Users.age eq 60).orWhere(Users.id eq 1)) shouldBe 2L
        db.list(select(Users.id).from(Users).orderBy(Users.id.asc())) shouldBe listOf(2, 3)
    }

    test("orWhere without an earlier condition is refused: on an update or delete it would keep every row") {
        shouldThrow<InvalidQueryException> { select(Users.id).from(Users).orWhere(Users.id eq 1) }.message shouldContain "needs an earlier where"
        shouldThrow<InvalidQueryException> { Users.update(null) { it[Users.age] = 1 }.orWhere(Users.id eq 1) }
        shouldThrow<InvalidQueryException> { Users.delete(null).orWhere(Users.id eq 1) }
        db.list(select(countAll()).from(Users)) shouldBe listOf(4L)
    }
})
