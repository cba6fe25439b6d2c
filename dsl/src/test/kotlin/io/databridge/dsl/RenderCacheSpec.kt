package io.databridge.dsl

import io.databridge.dsl.render.SqlRenderer
import io.databridge.dsl.types.PgTypes
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.lang.ref.WeakReference
import java.math.BigDecimal

class RenderCacheSpec : FunSpec({
    fun byAge(age: Int, limit: Long) = select(Users.id, Users.name).from(Users).where(Users.age gt age).limit(limit)

    test("a query built twice with different values is rendered once") {
        val renderer = SqlRenderer()
        val first = renderer.render(byAge(18, 10))
        val second = renderer.render(byAge(40, 5))
        renderer.renderCount shouldBe 1
        renderer.cacheHits shouldBe 1
        second.sql shouldBe first.sql
        first.parameters.map { it.value } shouldBe listOf(18, 10L)
        second.parameters.map { it.value } shouldBe listOf(40, 5L)
    }

    test("trees are plain data: built twice they are equal and hash alike") {
        byAge(1, 2) shouldBe byAge(1, 2)
        byAge(1, 2).hashCode() shouldBe byAge(3, 4).hashCode()
        select(Users.id).from(Users).where(Users.age gt 1) shouldNotBe select(Users.id).from(Users).where(Users.age lt 1)
    }

    test("parameters of different types are different shapes even when the text is the same") {
        val renderer = SqlRenderer()
        val a = renderer.render(select(lit(1)))
        val b = renderer.render(select(lit(1L)))
        renderer.renderCount shouldBe 2
        a.parameters.single().type shouldBe PgTypes.int4
        b.parameters.single().type shouldBe PgTypes.int8
    }

    test("many different shapes never collide: every cached rendering equals a fresh one") {
        val columns = listOf(Users.age, Users.bossId)
        val shapes = buildList {
            for (c in columns) for (op in 0..5) for (withLimit in listOf(false, true)) for (n in 0..3) {
                val cond = when (op) {
                    0 -> c eq 1
                    1 -> c neq 1
                    2 -> c lt 1
                    3 -> c inList List(n) { it }
                    4 -> c.isNull()
                    else -> c.between(1, 2)
                }
                val q = select(c).from(Users).where(cond)
                add(if (withLimit) q.limit(n.toLong()) else q)
            }
        }
        val shared = SqlRenderer()
        shapes.forEach { shared.render(it) } // warm the cache with every shape
        for (q in shapes) shared.render(q) shouldBe SqlRenderer().render(q)
        val distinct = shapes.map { it.statement }.toSet().size
        shared.renderCount shouldBe distinct.toLong()
        shapes.map { SqlRenderer().render(it).sql }.toSet().size shouldBe distinct
    }

    test("a full cache is emptied and keeps rendering correctly") {
        val renderer = SqlRenderer(maxCachedShapes = 2)
        val queries = listOf(select(Users.id), select(Users.age), select(Users.name), select(Users.id))
        val sql = queries.map { renderer.render(it).sql }
        sql shouldBe listOf("SELECT \"users\".\"id\"", "SELECT \"users\".\"age\"", "SELECT \"users\".\"name\"", "SELECT \"users\".\"id\"")
        renderer.renderCount shouldBe 4
    }

    test("the cache keeps no bound value: a large value of a cached statement becomes collectable") {
        val renderer = SqlRenderer()
        // Each value is created and referenced only inside these functions, so only the cache could keep it.
        fun selectOnce(): WeakReference<String> {
            val big = "x".repeat(4 shl 20)
            renderer.render(select(Users.id).from(Users).where(Users.name eq big)).parameters.single().value shouldBe big
            return WeakReference(big)
        }
        fun insertAllOnce(): WeakReference<String> {
            val big = "y".repeat(4 shl 20)
            renderer.render(Users.insertAll(listOf(1, 2)) { row, i -> row[Users.id] = i; row[Users.email] = "$i@x"; row[Users.name] = big })
            return WeakReference(big)
        }
        val values = listOf(selectOnce(), insertAllOnce())
        renderer.renderCount shouldBe 2
        var tries = 0
        while (values.any { it.get() != null } && tries++ < 100) System.gc()
        values.map { it.get() } shouldBe listOf(null, null)
        // The shapes are still cached: the same statements with other values are hits.
        renderer.render(select(Users.id).from(Users).where(Users.name eq "n")).parameters.single().value shouldBe "n"
        renderer.render(Users.insertAll(listOf(3, 4)) { row, i -> row[Users.id] = i; row[Users.email] = "$i@x"; row[Users.name] = "m" })
            .parameters.map { it.value } shouldBe listOf(3, "3@x", "m", 4, "4@x", "m")
        renderer.renderCount shouldBe 2
        renderer.cacheHits shouldBe 2
    }

    test("a hit renders the second statement's values in every kind of node the cache key copies") {
        // A CTE compares by identity, like a table object: it is declared once.
        val cte = CteTable("c")
        val id = cte.column("id", PgTypes.int4)
        fun build(n: Int): Query<*> {
            val sub = select(Users.id.alias("sid")).from(Users).where(Users.age gt n).asSubquery("s")
            val body = select(
                id, sub[Users.id.alias("sid")], case(Users.age lt n, lit(n)).otherwise(n + 1),
                countAll().over(Window().orderBy(Users.id.asc()).rows(FrameBound.preceding(n.toLong()), FrameBound.following(n + 1L))),
                select(Users.age).from(Users).where(Users.id eq n).limit(1).asExpr(),
            ).from(cte).innerJoin(sub, id eq lit(n)).innerJoin(Users, Users.id eq id)
                .where(Users.age.between(n, n + 2) and (Users.id inList listOf(n, n + 1)) and exists(select(lit(n)).from(Orders).where(Orders.userId eq n)))
                .orWhere(Users.name inQuery select(Users.name).from(Users).where(Users.id eq n))
                .orderBy(Users.id.asc()).limit(n.toLong()).offset(n.toLong() + 1)
            return body.with(cte.definedAs(select(Users.id).from(Users).where(Users.id neq n)))
        }
        val renderer = SqlRenderer()
        renderer.render(build(1))
        val hit = renderer.render(build(7))
        renderer.cacheHits shouldBe 1
        hit shouldBe SqlRenderer().render(build(7))
        val modification = { n: Int ->
            Users.insert { it[Users.id] = n; it[Users.email] = "e$n"; it[Users.name] = "u" }
                .onConflictDoUpdate(Users.id, where = Users.age lt n) { it[Users.age] = n; it[Users.name] = excluded(Users.name) }
        }
        renderer.render(modification(1))
        renderer.render(modification(9)) shouldBe SqlRenderer().render(modification(9))
        renderer.render(Users.update(Users.id eq 1) { it[Users.age] = 1 }.from(Orders).orWhere(Orders.total gt BigDecimal.ONE))
        renderer.render(Users.update(Users.id eq 2) { it[Users.age] = 2 }.from(Orders).orWhere(Orders.total gt BigDecimal.TEN)) shouldBe
            SqlRenderer().render(Users.update(Users.id eq 2) { it[Users.age] = 2 }.from(Orders).orWhere(Orders.total gt BigDecimal.TEN))
        renderer.cacheHits shouldBe 3
    }
})
