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
import java.math.BigDecimal

class NullSafetySpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_nulls CASCADE; CREATE SCHEMA dsl_nulls; SET search_path = dsl_nulls",
            *USERS_AND_ORDERS_DDL,
        )
        db = conn.asSqlExecutor()
        for ((id, age) in listOf(1 to 30, 2 to null, 3 to null)) {
            db.execute(Users.insert { it[Users.id] = id; it[Users.email] = "$id@x"; it[Users.name] = "u$id"; it[Users.age] = age })
        }
        db.execute(Orders.insert { it[Orders.id] = 10; it[Orders.userId] = 1; it[Orders.total] = BigDecimal("5.50"); it[Orders.tags] = listOf("a") })
    }
    afterSpec {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_nulls CASCADE") }
    }

    test("eq null renders IS NULL and neq null IS NOT NULL, matching the rows SQL's = NULL would silently miss") {
        val noAge: Int? = null
        render(select(Users.id).from(Users).where(Users.age eq null)).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"age\" IS NULL)"
        render(select(Users.id).from(Users).where(Users.age neq noAge)).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"age\" IS NOT NULL)"
        db.list(select(Users.id).from(Users).where(Users.age eq noAge).orderBy(Users.id.asc())) shouldBe listOf(2, 3)
        db.list(select(Users.id).from(Users).where(Users.age neq noAge)) shouldBe listOf(1)
        db.list(select(Users.id).from(Users).where(Users.age eq 30)) shouldBe listOf(1)
        db.list(select(Users.id).from(Users).where(Users.age neq 30)) shouldBe emptyList()
    }

    test("a value and null share no render-cache entry: each renders its own SQL") {
        val renderer = io.databridge.dsl.render.SqlRenderer()
        fun byAge(age: Int?) = renderer.render(select(Users.id).from(Users).where(Users.age eq age).statement)
        byAge(30).sql shouldContain "= \$1::int4"
        byAge(null).sql shouldContain "IS NULL"
        byAge(31).parameters.single().value shouldBe 31
    }

    test("a left join reads the joined table through its nullable view; selecting its non-null columns directly is refused") {
        val orders = Orders.orNull()
        val rows = db.list(
            select(Users.id, orders[Orders.total]).from(Users).leftJoin(orders, Users.id eq Orders.userId).orderBy(Users.id.asc()),
        )
        rows shouldBe listOf(1 to BigDecimal("5.50"), 2 to null, 3 to null)
        val refused = shouldThrow<InvalidQueryException> {
            select(Users.id, Orders.total).from(Users).leftJoin(orders, Users.id eq Orders.userId)
        }
        refused.message shouldContain "orders.total is on the nullable side of a LEFT JOIN"
        shouldThrow<InvalidQueryException> {
            select(Users.id, Orders.total.alias("t")).from(Users).leftJoin(orders, Users.id eq Orders.userId)
        }
        shouldThrow<InvalidQueryException> {
            select(Users.name, Orders.total).from(Orders).rightJoin(Users, Users.id eq Orders.userId)
        }
        shouldThrow<InvalidQueryException> {
            select(Users.name, orders[Orders.total]).from(Users).fullJoin(orders, Users.id eq Orders.userId)
        }
        // Nullable columns of the outer side need no view: their type already admits NULL.
        db.list(select(Users.id, Orders.meta).from(Users).leftJoin(orders, Users.id eq Orders.userId).orderBy(Users.id.asc()))
            .map { it.first } shouldBe listOf(1, 2, 3)
    }

    test("join-first: the block reads the outer side through its nullable view, typed nullable without opting in") {
        val left: SelectQuery<Pair<String, BigDecimal?>> =
            Users.leftJoin(Orders, Users.id eq Orders.userId) { u, o -> select(u.name, o { total }).orderBy(u.id.asc()) }
        db.list(left) shouldBe listOf("u1" to BigDecimal("5.50"), "u2" to null, "u3" to null)
        render(left).sql shouldBe "SELECT \"users\".\"name\", \"orders\".\"total\" FROM \"users\" LEFT JOIN \"orders\" " +
            "ON (\"users\".\"id\" = \"orders\".\"user_id\") ORDER BY \"users\".\"id\""
        // WHERE and ORDER BY may go inside the block or after it.
        db.list(Users.leftJoin(Orders, Users.id eq Orders.userId) { _, o -> select(Users.id, o[Orders.id]) }.where(Users.age.isNull()).orderBy(Users.id.asc())) shouldBe
            listOf(2 to null, 3 to null)

        val right: SelectQuery<Pair<String?, Int>> = Users.rightJoin(Orders, Users.id eq Orders.userId) { u, o -> select(u { name }, o.id) }
        db.list(right) shouldBe listOf("u1" to 10)

        val full: SelectQuery<Pair<Int?, Int?>> =
            Users.fullJoin(Orders, Users.id eq Orders.userId) { u, o -> select(u[Users.id], o { id }).orderBy(Users.id.asc()) }
        db.list(full) shouldBe listOf(1 to 10, 2 to null, 3 to null)
    }

    test("join-first: a non-null outer column read directly in the block, or a FROM of its own, is refused") {
        shouldThrow<InvalidQueryException> {
            Users.leftJoin(Orders, Users.id eq Orders.userId) { u, _ -> select(u.name, Orders.total) }
        }.message shouldContain "orders.total is on the nullable side of a LEFT JOIN"
        shouldThrow<InvalidQueryException> {
            Users.rightJoin(Orders, Users.id eq Orders.userId) { _, o -> select(Users.name, o.id) }
        }.message shouldContain "users.name is on the nullable side of a RIGHT JOIN"
        shouldThrow<InvalidQueryException> {
            Users.leftJoin(Orders, Users.id eq Orders.userId) { u, o -> select(u.name, o { total }).from(Users) }
        }.message shouldContain "the join supplies FROM"
    }

    test("a nullable view refuses a column of another FROM item and reads an aliased table's columns through the alias") {
        shouldThrow<InvalidQueryException> { Orders.orNull()[Users.name] }.message shouldContain "does not belong to orders"
        val boss = Users.alias("boss")
        shouldThrow<InvalidQueryException> { boss.orNull()[Orders.total] }
        shouldThrow<InvalidQueryException> { Users.orNull()[boss[Users.name]] }
        boss.orNull()[Users.name] shouldBe boss.orNull()[boss[Users.name]]
        val bosses = Users.leftJoin(boss, Users.bossId eq boss[Users.id]) { u, b -> select(u.id, b[Users.name]).orderBy(u.id.asc()) }
        render(bosses).sql shouldContain "SELECT \"users\".\"id\", \"boss\".\"name\" FROM \"users\" LEFT JOIN \"users\" AS \"boss\""
        conn.simpleQuery("UPDATE users SET boss_id = 1 WHERE id = 2")
        db.list(bosses) shouldBe listOf(1 to null, 2 to "u1", 3 to null)
        conn.simpleQuery("UPDATE users SET boss_id = NULL")
    }

    test("inner joins keep their non-null types") {
        db.list(select(Users.name, Orders.total).from(Users).innerJoin(Orders, Users.id eq Orders.userId)) shouldBe
            listOf("u1" to BigDecimal("5.50"))
    }
})
