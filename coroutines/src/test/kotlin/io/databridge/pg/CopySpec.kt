package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.UndefinedTableException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.toList
import java.io.IOException

class CopySpec : FunSpec({
    val url = SharedPostgres.server.url()

    test("COPY FROM STDIN in text and CSV, then COPY TO STDOUT") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_t; CREATE TABLE copy_t(id int, name text)")
            c.copyIn("COPY copy_t FROM STDIN", flowOf("1\tone\n2\t".toByteArray(), "two\n".toByteArray())) shouldBe 2L
            c.copyIn("COPY copy_t FROM STDIN (FORMAT csv)", flowOf("3,\"th,ree\"\n".toByteArray())) shouldBe 1L
            val csv = c.copyOut("COPY (SELECT * FROM copy_t ORDER BY id) TO STDOUT (FORMAT csv)").toList()
                .joinToString("") { it.decodeToString() }
            csv shouldBe "1,one\n2,two\n3,\"th,ree\"\n"
            val binary = c.copyOut("COPY copy_t TO STDOUT (FORMAT binary)").toList().flatMap { it.toList() }
            binary.take(11).toByteArray().decodeToString() shouldBe "PGCOPY\n\uFFFD\r\n\u0000"
        }
    }

    test("a failing data source aborts the COPY with CopyFail and the connection stays usable") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_f; CREATE TABLE copy_f(id int)")
            val failing = flow {
                emit("1\n2\n".toByteArray())
                throw IOException("disk gone")
            }
            shouldThrow<IOException> { c.copyIn("COPY copy_f FROM STDIN", failing) }.message shouldBe "disk gone"
            c.query("SELECT count(*) FROM copy_f").rows.single().getLong(0) shouldBe 0L
            shouldThrow<UndefinedTableException> { c.copyIn("COPY no_such_table FROM STDIN", flowOf()) }
            c.query("SELECT 1").rows.single().getInt(0) shouldBe 1
        }
    }
})
