package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.embedded.pgbouncer.PgBouncer
import io.databridge.pg.errors.UniqueViolationException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope

class PgPoolBouncerSpec : FunSpec({
    val server = SharedPostgres.server
    lateinit var bouncer: PgBouncer
    lateinit var pool: PgPool

    beforeSpec {
        bouncer = PgBouncer.start(server) { poolSize(2) }
        pool = PgPool.create("${bouncer.url(user = server.superuser)}?statement_cache_size=0&pool_max_size=4")
        pool.execute("DROP TABLE IF EXISTS bouncer_items")
        pool.execute("CREATE TABLE bouncer_items(id int PRIMARY KEY, v text)")
    }
    afterSpec {
        try {
            pool.closeGracefully()
        } finally {
            bouncer.close()
        }
    }

    test("parameterised queries run through transaction pooling with unnamed statements") {
        repeat(5) { i -> pool.query("SELECT $1::int4 + 1 AS v", i).rows.single().getInt("v") shouldBe i + 1 }
        pool.query("SELECT count(*) FROM pg_prepared_statements").rows.single().getLong(0) shouldBe 0L
    }

    test("a transaction commits and rolls back as a unit across the bouncer") {
        pool.transaction { tx ->
            tx.execute("INSERT INTO bouncer_items VALUES ($1, $2)", 1, "a")
            pool.execute("INSERT INTO bouncer_items VALUES ($1, $2)", 2, "b")
            pool.transaction { pool.execute("INSERT INTO bouncer_items VALUES ($1, $2)", 3, "c") }
        }
        shouldThrow<UniqueViolationException> {
            pool.transaction { tx ->
                tx.execute("INSERT INTO bouncer_items VALUES ($1, $2)", 4, "d")
                tx.execute("INSERT INTO bouncer_items VALUES ($1, $2)", 1, "dup")
            }
        }
        pool.query("SELECT id FROM bouncer_items ORDER BY id").rows.map { it.getInt(0) } shouldContainExactly listOf(1, 2, 3)
    }

    test("concurrent callers and transactions share the bouncer's two server connections") {
        val sums = coroutineScope {
            (1..40).map { i ->
                async {
                    if (i % 4 == 0) {
                        pool.transaction { tx ->
                            tx.execute("INSERT INTO bouncer_items VALUES ($1, 'c')", 100 + i)
                            tx.query("SELECT $1::int4 * 2", i).rows.single().getInt(0)
                        }
                    } else {
                        pool.query("SELECT $1::int4 * 2", i).rows.single().getInt(0)
                    }
                }
            }.awaitAll()
        }
        sums shouldBe (1..40).map { it * 2 }
        pool.query("SELECT count(*) FROM bouncer_items WHERE id > 100").rows.single().getLong(0) shouldBe 10L
        pool.stats().inUse shouldBe 0
    }
})
