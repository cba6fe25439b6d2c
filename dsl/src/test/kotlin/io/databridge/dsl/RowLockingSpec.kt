package io.databridge.dsl

import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.PgServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

private object Jobs : Table("jobs") {
    val id = int4("id").primaryKey()
    val state = text("state")
}

/**
 * FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE with NOWAIT and SKIP LOCKED, run against a second connection
 * that holds row locks, so the clauses' effect is observed rather than only their syntax.
 */
class RowLockingSpec : FunSpec({
    lateinit var holder: PgConnection
    lateinit var other: PgConnection
    beforeSpec {
        holder = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_locks CASCADE; CREATE SCHEMA dsl_locks; SET search_path = dsl_locks",
            "CREATE TABLE jobs (id int4 PRIMARY KEY, state text NOT NULL)",
            "INSERT INTO jobs VALUES (1, 'new'), (2, 'new'), (3, 'new')",
        )
        other = engineConnection("SET search_path = dsl_locks")
    }
    afterSpec {
        other.close()
        holder.use { it.simpleQuery("DROP SCHEMA dsl_locks CASCADE") }
    }

    val jobs = select(Jobs.id).from(Jobs).orderBy(Jobs.id.asc())

    /** Runs [block] while [holder] keeps, in an open transaction, the locks [lock] takes on job 1. */
    suspend fun whileHeld(lock: SelectQuery<Int>, block: suspend () -> Unit) {
        holder.simpleQuery("BEGIN")
        try {
            holder.list(lock) shouldBe listOf(1)
            other.simpleQuery("BEGIN")
            try {
                block()
            } finally {
                other.simpleQuery("ROLLBACK")
            }
        } finally {
            holder.simpleQuery("ROLLBACK")
        }
    }

    fun first(query: SelectQuery<Int>) = query.where(Jobs.id eq 1)

    test("FOR UPDATE SKIP LOCKED skips the held row; FOR UPDATE NOWAIT fails at once and the connection stays usable") {
        whileHeld(first(jobs).forUpdate()) {
            other.list(jobs.forUpdate(LockWait.SKIP_LOCKED)) shouldBe listOf(2, 3)
        }
        whileHeld(first(jobs).forUpdate()) {
            val e = shouldThrow<PgServerException> { other.list(first(jobs).forUpdate(LockWait.NOWAIT)) }
            e.sqlState.code shouldBe "55P03"
        }
        other.single(select(countAll()).from(Jobs)) shouldBe 3L
    }

    test("FOR SHARE is shared with another FOR SHARE but excludes FOR UPDATE") {
        whileHeld(first(jobs).forShare()) {
            other.list(first(jobs).forShare(LockWait.NOWAIT)) shouldBe listOf(1)
            other.list(jobs.forUpdate(LockWait.SKIP_LOCKED)) shouldBe listOf(2, 3)
        }
    }

    test("FOR KEY SHARE coexists with FOR NO KEY UPDATE, which FOR SHARE does not") {
        whileHeld(first(jobs).locking(Locking(LockStrength.NO_KEY_UPDATE))) {
            other.list(first(jobs).locking(Locking(LockStrength.KEY_SHARE, LockWait.NOWAIT))) shouldBe listOf(1)
            other.list(jobs.forShare(LockWait.SKIP_LOCKED)) shouldBe listOf(2, 3)
        }
    }
})
