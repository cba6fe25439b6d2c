package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.TooManyParametersException
import io.databridge.pg.errors.TransactionFailedException
import io.databridge.pg.errors.UndefinedTableException
import io.databridge.pg.protocol.TransactionStatus
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.toList

class LimitsAndErrorsSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var conn: PgConnection

    beforeSpec { conn = PgConnection.connect(url) }
    afterSpec { conn.close() }

    val tooMany = 65_536
    val sql = (1..tooMany).joinToString(",", "SELECT ") { "\$$it" }
    val values = arrayOfNulls<Any?>(tooMany).also { it.fill(1) }

    test("more than 65,535 parameters is refused before sending, naming the limit; the connection is untouched") {
        val e = shouldThrow<TooManyParametersException> { conn.query(sql, *values) }
        e.count shouldBe tooMany
        e.limit shouldBe 65_535
        e.message shouldContain "at most 65535"
        shouldThrow<TooManyParametersException> { conn.execute(sql, *values) }
        shouldThrow<TooManyParametersException> { conn.stream(sql, *values).toList() }
        shouldThrow<TooManyParametersException> { conn.executeBatch(sql, listOf(listOf(1), values.asList())) }
        conn.isOpen shouldBe true
        conn.query("SELECT $1::int", 7).rows.single().getInt(0) shouldBe 7
    }

    test("exactly 65,535 parameters still run") {
        val max = (1..65_535).joinToString(",", "SELECT cardinality(ARRAY[", "])") { "\$$it::int" }
        conn.query(max, *arrayOfNulls<Any?>(65_535).also { it.fill(1) }).rows.single().getInt(0) shouldBe 65_535
    }

    for (commit in listOf("COMMIT", "commit;", "END", "COMMIT WORK")) {
        test("'$commit' of a failed transaction raises what transaction {} raises (extended and simple protocol)") {
            conn.simpleQuery("BEGIN")
            shouldThrow<UndefinedTableException> { conn.query("SELECT * FROM limits_no_such_table") }
            conn.transactionStatus shouldBe TransactionStatus.FAILED
            shouldThrow<TransactionFailedException> { conn.execute(commit) }.message shouldContain "commit refused"
            conn.transactionStatus shouldBe TransactionStatus.IDLE

            conn.simpleQuery("BEGIN")
            shouldThrow<UndefinedTableException> { conn.query("SELECT * FROM limits_no_such_table") }
            shouldThrow<TransactionFailedException> { conn.simpleQuery(commit) }.message shouldContain "commit refused"
            conn.transactionStatus shouldBe TransactionStatus.IDLE
        }
    }

    test("a plain ROLLBACK and a COMMIT of a healthy transaction are not errors") {
        conn.simpleQuery("BEGIN")
        conn.execute("COMMIT") shouldBe -1L
        conn.simpleQuery("BEGIN")
        shouldThrow<UndefinedTableException> { conn.query("SELECT * FROM limits_no_such_table") }
        conn.simpleQuery("ROLLBACK").single().commandTag shouldBe "ROLLBACK"
    }

    test("transaction {} refuses a commit after a caught error with the same exception type") {
        shouldThrow<TransactionFailedException> {
            conn.transaction {
                runCatching { conn.query("SELECT * FROM limits_no_such_table") }
            }
        }.message shouldContain "commit refused"
    }
})
