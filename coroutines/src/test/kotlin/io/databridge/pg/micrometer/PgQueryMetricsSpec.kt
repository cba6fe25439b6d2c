package io.databridge.pg.micrometer

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.QueryTimeoutException
import io.databridge.pg.errors.PgServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.micrometer.core.instrument.Tag
import io.micrometer.core.instrument.simple.SimpleMeterRegistry
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.flow.toList

class PgQueryMetricsSpec : FunSpec({
    val url = SharedPostgres.server.url()

    test("query timers by operation and outcome, error counters by SQLSTATE class, on a real server") {
        val registry = SimpleMeterRegistry()
        val metrics = PgQueryMetrics(registry, listOf(Tag.of("pool", "orders")))
        val options = PgPoolOptions(
            connect = ConnectOptions(instrumentations = listOf(metrics)),
            validateAfterIdle = Duration.INFINITE, // no validation round trips in the counts
        )
        val pool = PgPool.create("$url?pool_max_size=2", options)
        try {
            repeat(3) { pool.query("SELECT $1::int", it) }
            pool.executeBatch("SELECT $1::int", listOf(listOf(1), listOf(2)))
            pool.stream("SELECT generate_series(1, 5)").toList().size shouldBe 5
            shouldThrow<PgServerException> { pool.query("SELECT 1/0") }
            shouldThrow<PgServerException> { pool.query("SELECT * FROM no_such_table_for_metrics") }
            pool.withConnection { c ->
                c.execute("CREATE TEMP TABLE uniq (id int PRIMARY KEY)")
                c.execute("INSERT INTO uniq VALUES (1)")
                shouldThrow<PgServerException> { c.execute("INSERT INTO uniq VALUES (1)") }
            }
            shouldThrow<QueryTimeoutException> { pool.query("SELECT pg_sleep(1)", timeout = 50.milliseconds) }
            shouldThrow<IllegalStateException> { pool.transaction { it.execute("SELECT 1"); error("rolled back by the block") } }
            pool.transaction { it.query("SELECT 2") }
        } finally {
            pool.closeGracefully()
        }

        fun count(operation: String, outcome: String) =
            registry.find("databridge.query").tags("pool", "orders", "operation", operation, "outcome", outcome).timer()?.count() ?: 0L

        count("query", "success") shouldBe 4 // three plus the one in the committed transaction
        count("query", "error") shouldBe 3 // division by zero, missing table, timeout
        count("batch", "success") shouldBe 1
        count("stream", "success") shouldBe 1
        count("execute", "error") shouldBe 1
        count("transaction", "success") shouldBe 1
        count("transaction", "error") shouldBe 1
        count("begin", "success") shouldBe 2
        count("commit", "success") shouldBe 1
        count("rollback", "success") shouldBe 1

        fun errors(sqlStateClass: String) =
            registry.find("databridge.query.errors").tags("pool", "orders", "sqlstate.class", sqlStateClass).counter()?.count() ?: 0.0
        errors("22") shouldBe 1.0 // division_by_zero 22012
        errors("42") shouldBe 1.0 // undefined_table 42P01
        errors("23") shouldBe 1.0 // unique_violation 23505
        errors("none") shouldBe 2.0 // the timeout and the block's own exception: no SQLSTATE
        registry.find("databridge.query.errors").counters().map { it.id.getTag("sqlstate.class") }
            .shouldContainExactlyInAnyOrder("22", "42", "23", "none")
        registry.find("databridge.query").tags("outcome", "cancelled").timers().shouldBeEmpty()
    }
})
