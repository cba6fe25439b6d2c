package io.databridge.dsl

import io.databridge.dsl.render.SqlRenderer
import io.databridge.dsl.types.PgTypes
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

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
})
