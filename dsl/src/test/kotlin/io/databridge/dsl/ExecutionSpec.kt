package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.UnexpectedRowCountException
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.executeBatch
import io.databridge.dsl.exec.first
import io.databridge.dsl.exec.firstOrNull
import io.databridge.dsl.exec.flow
import io.databridge.dsl.exec.query
import io.databridge.dsl.exec.single
import io.databridge.dsl.exec.singleOrNull
import io.databridge.dsl.render.SqlRenderer
import io.databridge.pg.errors.PgServerException
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import io.databridge.dsl.exec.list
import io.databridge.pg.PgConnection
import io.databridge.dsl.types.PgTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import java.math.BigDecimal

class ExecutionSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_exec CASCADE; CREATE SCHEMA dsl_exec; SET search_path = dsl_exec",
            *USERS_AND_ORDERS_DDL,
        )
        db = conn.asSqlExecutor()
    }
    afterSpec {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_exec CASCADE") }
    }

    fun dec(s: String) = BigDecimal(s)

    test("insert one row and many rows") {
        db.execute(Users.insert { it[Users.id] = 1; it[Users.email] = "a@x"; it[Users.name] = "alice"; it[Users.age] = 30; it[Users.bossId] = null }) shouldBe 1L
        data class U(val id: Int, val email: String, val name: String, val age: Int?)
        db.execute(
            Users.insertAll(listOf(U(2, "b@x", "bob", 20), U(3, "c@x", "carol", null))) { row, u ->
                row[Users.id] = u.id; row[Users.email] = u.email; row[Users.name] = u.name; row[Users.age] = u.age; row[Users.bossId] = 1
            },
        ) shouldBe 2L
        db.execute(
            Orders.insertAll(
                listOf(
                    Triple(10, 1, "5.50") to buildJsonObject { put("k", JsonPrimitive("v")); put("n", JsonPrimitive(1)) },
                    Triple(11, 1, "12.00") to null,
                    Triple(12, 2, "7.25") to buildJsonObject { put("k", JsonPrimitive("w")) },
                ),
            ) { row, (o, meta) ->
                row[Orders.id] = o.first; row[Orders.userId] = o.second; row[Orders.total] = dec(o.third)
                row[Orders.tags] = when (o.first) { 10 -> listOf("a", "b"); 11 -> listOf("b"); else -> listOf("c") }
                row[Orders.meta] = meta
            },
        ) shouldBe 3L
    }

    test("tuple-typed selects destructure") {
        val seen = mutableListOf<String>()
        for ((id, email) in db.list(select(Users.id, Users.email).from(Users).where(Users.age gt 18).orderBy(Users.id.asc()))) {
            seen += "$id:$email"
        }
        seen shouldBe listOf("1:a@x", "2:b@x")
        val (a, b, c, d) = db.list(select(Users.id, Users.name, Users.age, Users.bossId).from(Users).where(Users.id eq 3)).single()
        listOf(a, b, c, d) shouldBe listOf(3, "carol", null, 1)
    }

    test("ResultRow reads columns by expression") {
        val rows = db.list(Users.selectAll().orderBy(Users.id.asc()))
        rows.map { it[Users.name] } shouldBe listOf("alice", "bob", "carol")
        rows[2][Users.age] shouldBe null
    }

    test("ResultRow finds a column by an equal expression built anew, not only by the one selected") {
        val row = db.list(select(listOf(Users.id, Users.name.upper())).from(Users).where(Users.id eq 2)).single()
        row[Users.name.upper()] shouldBe "BOB"
        row[Users.id] shouldBe 2
        shouldThrow<InvalidQueryException> { row[Users.name.lower()] }
    }

    test("rows map to a @Serializable data class without reflection") {
        val orders = select(countAll()).from(Orders).where(Orders.userId eq Users.id).asExpr().ifNull(0L).alias("orders")
        db.list(select(listOf(Users.id, Users.name, Users.age, orders)).from(Users).orderBy(Users.id.asc()).mapTo<UserView>()) shouldBe listOf(
            UserView(1, "alice", 30, 2), UserView(2, "bob", 20, 1), UserView(3, "carol", null, 0),
        )
        shouldThrow<InvalidQueryException> { select(listOf(Users.id, Users.name)).from(Users).mapTo<UserView>() }
    }

    test("LEFT JOIN: the nullable side reads as null") {
        val o = Orders.orNull()
        val rows: List<Pair<String, BigDecimal?>> =
            db.list(select(Users.name, o[Orders.total]).from(Users).leftJoin(o, Users.id eq Orders.userId).orderBy(Users.id.asc(), o[Orders.id].asc()))
        rows shouldBe listOf("alice" to dec("5.50"), "alice" to dec("12.00"), "bob" to dec("7.25"), "carol" to null)
        // Reading the nullable side's non-null column directly is refused when the query is built.
        shouldThrow<InvalidQueryException> { select(Users.name, Orders.total).from(Users).leftJoin(o, Users.id eq Orders.userId) }
    }

    test("self-join through an alias") {
        val boss = Users.alias("boss")
        db.list(select(Users.name, boss[Users.name]).from(Users).innerJoin(boss, Users.bossId eq boss[Users.id]).orderBy(Users.id.asc())) shouldBe
            listOf("bob" to "alice", "carol" to "alice")
    }

    test("group by, having, aggregates") {
        db.list(select(Orders.userId, countAll(), sum(Orders.total)).from(Orders).groupBy(Orders.userId).having(countAll() gt 1L)) shouldBe
            listOf(Triple(1, 2L, dec("17.50")))
        val (total, avgAge, names, ids) = db.list(
            select(sum(Users.age), avg(Users.age), stringAgg(Users.name, ",", Users.name.desc()), arrayAgg(Users.id, Users.id.asc())).from(Users),
        ).single()
        total shouldBe 50L
        avgAge!!.compareTo(dec("25")) shouldBe 0
        names shouldBe "carol,bob,alice"
        ids shouldBe listOf(1, 2, 3)
        db.list(select(boolAnd(Users.age gt 10), boolOr(Users.age gt 25), max(Users.name), min(Users.age), countDistinct(Users.bossId)).from(Users)).single() shouldBe
            Tuple5(true, true, "carol", 20, 1L)
    }

    test("window functions with a frame") {
        val w = Window().partitionBy(Orders.userId).orderBy(Orders.id.asc())
        db.list(select(Orders.id, sum(Orders.total).over(w.rows(FrameBound.preceding(1))), rowNumber().over(w)).from(Orders).orderBy(Orders.id.asc())) shouldBe
            listOf(Triple(10, dec("5.50"), 1L), Triple(11, dec("17.50"), 2L), Triple(12, dec("7.25"), 1L))
        db.list(select(Orders.id, lag(Orders.id).over(Window().orderBy(Orders.id.asc()))).from(Orders).orderBy(Orders.id.asc())) shouldBe
            listOf(10 to null, 11 to 10, 12 to 11)
    }

    test("recursive CTE") {
        val nums = CteTable("nums")
        val n = nums.column("n", PgTypes.int4)
        val q = select(sum(n)).from(nums).with(nums.definedAs(select(lit(1)).unionAll(select(n + 1).from(nums).where(n lt 10))), recursive = true)
        db.list(q) shouldBe listOf(55L)
    }

    test("set operations") {
        val users = select(Users.id).from(Users)
        val buyers = select(Orders.userId).from(Orders)
        db.list(users union buyers).toSet() shouldBe setOf(1, 2, 3)
        db.list(users except buyers) shouldBe listOf(3)
        db.list(users intersect buyers).toSet() shouldBe setOf(1, 2)
        db.list(buyers unionAll buyers).size shouldBe 6
    }

    test("subqueries: in FROM, LATERAL, scalar, IN and EXISTS") {
        val n = countAll().alias("n")
        val perUser = select(Orders.userId, n).from(Orders).groupBy(Orders.userId).asSubquery("per_user")
        db.list(select(perUser[Orders.userId], perUser[n]).from(perUser).where(perUser[n] gt 1L)) shouldBe listOf(1 to 2L)
        val latest = select(Orders.total).from(Orders).where(Orders.userId eq Users.id).orderBy(Orders.id.desc()).limit(1).asLateral("latest")
        db.list(select(Users.name, latest[Orders.total]).from(Users).crossJoin(latest).orderBy(Users.id.asc())) shouldBe
            listOf("alice" to dec("12.00"), "bob" to dec("7.25"))
        val count = select(countAll()).from(Orders).where(Orders.userId eq Users.id).asExpr()
        db.list(select(Users.name, count).from(Users).orderBy(Users.id.asc())) shouldBe listOf("alice" to 2L, "bob" to 1L, "carol" to 0L)
        db.list(select(Users.id).from(Users).where(Users.id notInQuery select(Orders.userId).from(Orders))) shouldBe listOf(3)
        db.list(select(Users.id).from(Users).where(exists(select(Orders.id).from(Orders).where((Orders.userId eq Users.id) and (Orders.total gt dec("10")))))) shouldBe
            listOf(1)
    }

    test("CASE, CAST, COALESCE, NULLIF, functions, LIKE, IN, BETWEEN") {
        val band = case(Users.age lt 25, lit("young")).whenThen(Users.age.isNotNull(), "older").otherwise("unknown")
        db.list(select(Users.name, band, Users.age.ifNull(0), Users.id.cast(PgTypes.text), Users.name.upper().nullIf("BOB")).from(Users).orderBy(Users.id.asc())) shouldBe
            listOf(
                Tuple5("alice", "older", 30, "1", "ALICE"),
                Tuple5("bob", "young", 20, "2", null),
                Tuple5("carol", "unknown", 0, "3", "CAROL"),
            )
        db.list(select(Users.id).from(Users).where((Users.name ilike "A%") or (Users.email like "c@%")).orderBy(Users.id.asc())) shouldBe listOf(1, 3)
        db.list(select(Users.id).from(Users).where(Users.id inList listOf(2, 3) and Users.age.between(10, 25))) shouldBe listOf(2)
        db.list(select(Users.id).from(Users).where(Users.age isDistinctFrom 30).orderBy(Users.id.asc())) shouldBe listOf(2, 3)
        db.list(select(Users.name.length(), (Users.name concat "!").lower(), Users.id * 10 % 7).from(Users).where(Users.id eq 1)) shouldBe
            listOf(Triple(5, "alice!", 3))
    }

    test("jsonb and array operators") {
        db.list(select(Orders.id).from(Orders).where(Orders.meta.hasKey("k")).orderBy(Orders.id.asc())) shouldBe listOf(10, 12)
        db.list(select(Orders.id, Orders.meta.jsonText("k")).from(Orders).orderBy(Orders.id.asc())) shouldBe listOf(10 to "v", 11 to null, 12 to "w")
        db.list(select(Orders.meta.jsonField("n")).from(Orders).where(Orders.id eq 10)) shouldBe listOf(JsonPrimitive(1))
        db.list(select(Orders.meta.jsonPath("k")).from(Orders).where(Orders.id eq 12)) shouldBe listOf(JsonPrimitive("w"))
        db.list(select(Orders.id).from(Orders).where(Orders.meta.jsonContains(buildJsonObject { put("k", JsonPrimitive("v")) }))) shouldBe listOf(10)
        db.list(select(Orders.id).from(Orders).where(Orders.tags containsAll listOf("b")).orderBy(Orders.id.asc())) shouldBe listOf(10, 11)
        db.list(select(Orders.id).from(Orders).where(Orders.tags overlaps listOf("c", "z"))) shouldBe listOf(12)
        db.list(select(Orders.id).from(Orders).where(Orders.id eqAny listOf(11, 12, 99)).orderBy(Orders.id.asc())) shouldBe listOf(11, 12)
        db.list(select(Orders.id).from(Orders).where(lit("a") eqAny Orders.tags)) shouldBe listOf(10)
        db.list(select(Orders.id).from(Orders).where(lit("b") eqAll Orders.tags)) shouldBe listOf(11)
    }

    test("custom fragments and raw SQL bind their values") {
        db.list(select(sql(PgTypes.int4, "? * 2 + ?", 3, Users.id)).from(Users).where(Users.id eq 1)) shouldBe listOf(7)
        db.list(select(sql(PgTypes.bool, "? ?? 'n'", Orders.meta)).from(Orders).where(Orders.id eq 10)) shouldBe listOf(true)
        db.execute(rawSql("UPDATE users SET age = age + ? WHERE email = ?", 0, "a@x")) shouldBe 1L
    }

    test("distinct on, limit/offset, locking") {
        db.list(select(Orders.userId, Orders.id).from(Orders).distinctOn(Orders.userId).orderBy(Orders.userId.asc(), Orders.id.desc())) shouldBe
            listOf(1 to 11, 2 to 12)
        db.list(select(Users.id).from(Users).orderBy(Users.id.asc()).limit(1).offset(1)) shouldBe listOf(2)
        db.list(select(Users.id).from(Users).where(Users.id eq 1).forUpdate(LockWait.SKIP_LOCKED)) shouldBe listOf(1)
        db.list(select(Users.email).from(Users).distinct().orderBy(Users.email.desc())) shouldBe listOf("c@x", "b@x", "a@x")
    }

    test("upsert: DO NOTHING and DO UPDATE with EXCLUDED, WHERE and RETURNING") {
        val dee = Users.insert { it[Users.id] = 4; it[Users.email] = "d@x"; it[Users.name] = "dee"; it[Users.age] = 40 }
        db.execute(dee) shouldBe 1L
        db.execute(dee.onConflictDoNothing()) shouldBe 0L
        val newer = Users.insert { it[Users.id] = 4; it[Users.email] = "d@x"; it[Users.name] = "deedee"; it[Users.age] = 41 }
            .onConflictDoUpdate(Users.email, where = Users.age lt excluded(Users.age)) {
                it[Users.name] = excluded(Users.name)
                it[Users.age] = excluded(Users.age)
            }
        db.list(newer.returning(Users.id, Users.name, Users.age)) shouldBe listOf(Triple(4, "deedee", 41))
        db.list(newer.returning(Users.id)) shouldBe emptyList() // WHERE refuses: age is no longer lower
        db.list(Users.insert { it[Users.id] = 4; it[Users.email] = "d@x"; it[Users.name] = "x" }.onConstraintDoUpdate("users_pkey") { it[Users.age] = Users.age + 1 }.returning(Users.age)) shouldBe
            listOf(42)
    }

    test("insert from select, update with FROM, delete with USING, RETURNING") {
        conn.simpleQuery("CREATE TABLE archive (id int4 PRIMARY KEY, email text UNIQUE NOT NULL, name text NOT NULL, age int4, boss_id int4)")
        val archive = object : Table("archive") {
            val id = int4("id")
            val email = text("email")
            val name = text("name")
        }
        db.execute(archive.insertFrom(listOf(archive.id, archive.email, archive.name), select(Users.id, Users.email, Users.name.upper()).from(Users).where(Users.id lte 2))) shouldBe 2L
        db.list(select(archive.name).from(archive).orderBy(archive.id.asc())) shouldBe listOf("ALICE", "BOB")
        val bumped = Users.update((Users.id eq Orders.userId) and (Orders.id eq 12)) { it[Users.age] = Users.age + 1 }.from(Orders)
        db.list(bumped.returning(Users.id, Users.age)) shouldBe listOf(2 to 21)
        val removed = Orders.delete((Orders.userId eq Users.id) and (Users.email eq "b@x")).using(Users).returning(Orders.id)
        db.list(removed) shouldBe listOf(12)
        db.execute(Orders.delete(null)) shouldBe 2L
    }

    test("single, singleOrNull, first and firstOrNull check the row count") {
        val byId = { id: Int -> select(Users.name).from(Users).where(Users.id eq id) }
        db.single(byId(1)) shouldBe "alice"
        db.singleOrNull(byId(99)) shouldBe null
        db.first(select(Users.id).from(Users).orderBy(Users.id.desc())) shouldBe 4
        db.firstOrNull(byId(99)) shouldBe null
        shouldThrow<UnexpectedRowCountException> { db.single(byId(99)) }.message shouldContain "returned 0"
        shouldThrow<UnexpectedRowCountException> { db.single(select(Users.id).from(Users)) }
        shouldThrow<UnexpectedRowCountException> { db.singleOrNull(select(Users.id).from(Users)) }
        shouldThrow<UnexpectedRowCountException> { db.first(byId(99)) }
        conn.single(select(Users.id, Users.email).from(Users).where(Users.id eq 2)) shouldBe (2 to "b@x")
    }

    test("flow streams decoded rows through a portal, a few per round trip") {
        val q = select(Users.id, Users.name).from(Users).orderBy(Users.id.asc())
        db.flow(q, fetchSize = 1).toList() shouldBe db.list(q)
        conn.flow(select(Users.id).from(Users).orderBy(Users.id.asc()), fetchSize = 2).take(2).toList() shouldBe listOf(1, 2)
        conn.single(select(countAll()).from(Users)) shouldBe 4L // the connection is usable after a stream stopped early
    }

    test("a repeated shape is rendered once and prepared once on the server") {
        val renderer = SqlRenderer()
        val local = conn.asSqlExecutor(renderer)
        fun byMinAge(age: Int) = select(Users.id).from(Users).where(Users.age gte age).orderBy(Users.id.asc())
        local.list(byMinAge(25)) shouldBe listOf(1, 4)
        local.list(byMinAge(0)) shouldBe listOf(1, 2, 4)
        renderer.renderCount shouldBe 1L
        renderer.cacheHits shouldBe 1L
        val sql = renderer.render(byMinAge(1)).sql
        val prepared = conn.query(
            rawSql("SELECT count(*), sum(generic_plans + custom_plans) FROM pg_prepared_statements WHERE statement = ?", sql),
        ).single()
        prepared.getLong(0) shouldBe 1L // one server-side statement for the shape…
        prepared.getBigDecimal(1).toLong() shouldBe 2L // …executed twice
    }

    test("batch insert runs same-shaped statements in one round trip") {
        val rows = (20..24).map { n -> Users.insert { it[Users.id] = n; it[Users.email] = "u$n@x"; it[Users.name] = "u$n" } }
        db.executeBatch(rows).toList() shouldBe List(5) { 1L }
        db.list(select(Users.name).from(Users).where(Users.id gte 20).orderBy(Users.id.asc())) shouldBe (20..24).map { "u$it" }
        val mixed = listOf(rows[0], Users.insert { it[Users.id] = 30; it[Users.email] = "z@x"; it[Users.name] = "z"; it[Users.age] = 1 })
        shouldThrow<InvalidQueryException> { db.executeBatch(mixed) }
        conn.executeBatch(emptyList()).size shouldBe 0
        val clash = (25..26).map { n -> Users.insert { it[Users.id] = n; it[Users.email] = "u20@x"; it[Users.name] = "dup" } }
        shouldThrow<PgServerException> { db.executeBatch(clash) }
        db.single(select(countAll()).from(Users).where(Users.id gte 25)) shouldBe 0L // all or nothing
        db.execute(Users.delete(Users.id gte 20)) shouldBe 5L
    }

    test("raw SQL returns the engine's rows and affected counts") {
        val rows = conn.query(rawSql("SELECT id, name FROM users WHERE id <= ? ORDER BY id", 2))
        rows.map { it.getInt("id") to it.getString("name") } shouldBe listOf(1 to "alice", 2 to "bob")
        conn.execute(rawSql("UPDATE users SET age = age WHERE id IN (?, ?)", 1, 2)) shouldBe 2L
    }

    test("placeholders the server could not type on its own are described as the DSL's types") {
        db.single(select(lit(1), lit(2L), lit("x"), lit(BigDecimal("1.5")))) shouldBe Tuple4(1, 2L, "x", BigDecimal("1.5"))
        db.single(select(sql(PgTypes.int4, "coalesce(?, ?)", param(3, PgTypes.int4), 4))) shouldBe 3
    }
})
