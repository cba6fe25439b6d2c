package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.CopyNotSupportedException
import io.databridge.pg.protocol.TransactionStatus
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/** `COPY … FROM STDIN` through the extended protocol is answered with CopyFail; the connection stays usable. */
class CopyInRefusalSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var conn: PgConnection

    beforeSpec {
        conn = PgConnection.connect(url)
        conn.simpleQuery("DROP TABLE IF EXISTS copy_refusal_items; CREATE TABLE copy_refusal_items(id int)")
    }
    afterSpec { conn.close() }

    test("execute and query of COPY FROM STDIN fail with a typed error and leave the connection usable") {
        withTimeout(10.seconds) {
            shouldThrow<CopyNotSupportedException> { conn.execute("COPY copy_refusal_items FROM STDIN") }
                .message shouldContain "use PgConnection.copyIn"
            shouldThrow<CopyNotSupportedException> { conn.query("COPY copy_refusal_items FROM STDIN") }
        }
        conn.isOpen shouldBe true
        conn.transactionStatus shouldBe TransactionStatus.IDLE
        conn.query("SELECT count(*) FROM copy_refusal_items").rows.single().getLong(0) shouldBe 0L
    }

    test("inside a transaction the COPY is refused and the transaction is failed, not stuck") {
        conn.simpleQuery("BEGIN")
        withTimeout(10.seconds) { shouldThrow<CopyNotSupportedException> { conn.execute("COPY copy_refusal_items FROM STDIN") } }
        conn.transactionStatus shouldBe TransactionStatus.FAILED
        conn.simpleQuery("ROLLBACK")
        conn.query("SELECT 1").rows.single().getInt(0) shouldBe 1
    }

    test("a batch of one COPY FROM STDIN fails typed and leaves the connection usable") {
        withTimeout(10.seconds) {
            shouldThrow<CopyNotSupportedException> { conn.executeBatch("COPY copy_refusal_items FROM STDIN", listOf(emptyList())) }
        }
        conn.query("SELECT 2").rows.single().getInt(0) shouldBe 2
    }

    test("a batch of several COPY FROM STDIN fails typed; its later sets are already sent, so the connection is closed") {
        PgConnection.connect(url).use { other ->
            withTimeout(10.seconds) {
                shouldThrow<CopyNotSupportedException> {
                    other.executeBatch("COPY copy_refusal_items FROM STDIN", listOf(emptyList(), emptyList(), emptyList()))
                }
            }
            other.isOpen shouldBe false
        }
        conn.query("SELECT count(*) FROM copy_refusal_items").rows.single().getLong(0) shouldBe 0L
    }
})
