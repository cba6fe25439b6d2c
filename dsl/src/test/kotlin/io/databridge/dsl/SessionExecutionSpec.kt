package io.databridge.dsl

import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.flow
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.PgPool
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.toList

private object SessionNotes : Table("dsl_session_notes") {
    val id = int4("id").primaryKey()
    val body = text("body")
}

class SessionExecutionSpec : FunSpec({
    lateinit var pool: PgPool
    beforeSpec {
        pool = PgPool.create(SharedPostgres.server.url() + "?pool_max_size=2")
        pool.execute("DROP TABLE IF EXISTS dsl_session_notes")
        pool.execute("CREATE TABLE dsl_session_notes (id int4 PRIMARY KEY, body text NOT NULL)")
    }
    afterSpec {
        pool.execute("DROP TABLE dsl_session_notes")
        pool.closeGracefully()
    }

    fun note(id: Int, body: String) = SessionNotes.insert { it[SessionNotes.id] = id; it[SessionNotes.body] = body }
    val bodies = select(SessionNotes.body).from(SessionNotes).orderBy(SessionNotes.id.asc())

    test("DSL statements run on a pool") {
        pool.execute(note(1, "kept")) shouldBe 1L
        pool.list(bodies) shouldBe listOf("kept")
        pool.flow(bodies).toList() shouldBe listOf("kept")
    }

    test("DSL statements run in a transaction and roll back with it") {
        shouldThrow<IllegalStateException> {
            pool.transaction { tx ->
                tx.execute(note(2, "rolled back"))
                tx.list(bodies) shouldBe listOf("kept", "rolled back")
                // The pool itself finds the transaction in the coroutine context.
                pool.single(select(countAll()).from(SessionNotes)) shouldBe 2L
                error("abort")
            }
        }
        pool.list(bodies) shouldBe listOf("kept")
        pool.transaction { tx -> tx.execute(note(3, "committed")) }
        pool.list(bodies) shouldBe listOf("kept", "committed")
    }
})
