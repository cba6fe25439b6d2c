package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.copy.CopyTupleParser
import io.databridge.pg.errors.DivisionByZeroException
import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.types.Oids
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList

class BinaryCopyReaderSpec : FunSpec({
    val url = SharedPostgres.server.url()
    val sql = "COPY (SELECT g, 'row ' || g, CASE WHEN g % 2 = 0 THEN NULL ELSE g * 1.5 END FROM generate_series(1, 5000) AS g) TO STDOUT (FORMAT binary)"
    val oids = intArrayOf(Oids.INT4, Oids.TEXT, Oids.NUMERIC)

    test("copyOutRows decodes every row of a binary COPY, NULLs included") {
        PgConnection.connect(url).use { c ->
            val rows = c.copyOutRows(sql, oids).toList()
            rows.size shouldBe 5000
            rows[0] shouldBe listOf(1, "row 1", BigDecimal("1.5"))
            rows[4999] shouldBe listOf(5000, "row 5000", null)
        }
    }

    test("the stream cut into chunks at every byte still yields the same rows, and a cut-off stream fails") {
        PgConnection.connect(url).use { c ->
            val small = sql.replace("5000", "3")
            val bytes = c.copyOut(small).toList().fold(ByteArray(0)) { all, chunk -> all + chunk }
            val whole = c.copyOutRows(small, oids).toList()
            for (size in listOf(1, 2, 3, 7, 19)) {
                val parser = CopyTupleParser(oids.map { c.types.codecFor(it)!! }, c.context)
                val rows = ArrayList<List<Any?>>()
                bytes.asList().chunked(size).forEach { chunk ->
                    parser.append(chunk.toByteArray())
                    while (true) rows += parser.next() ?: break
                }
                parser.finish()
                rows shouldBe whole
            }
            val truncated = CopyTupleParser(oids.map { c.types.codecFor(it)!! }, c.context)
            truncated.append(bytes.copyOf(bytes.size - 2))
            while (truncated.next() != null) Unit
            shouldThrow<ValueDecodingException> { truncated.finish() }.message shouldContain "trailer"
            val wrongWidth = CopyTupleParser(listOf(c.types.codecFor(Oids.INT4)!!), c.context)
            wrongWidth.append(bytes)
            shouldThrow<ValueDecodingException> { wrongWidth.next() }.message shouldContain "3 fields, expected 1"
        }
    }

    test("stopping early, a server error mid-COPY and a non-binary stream leave the connection usable") {
        PgConnection.connect(url).use { c ->
            c.copyOutRows(sql, oids).take(2).toList().map { it[0] } shouldBe listOf(1, 2)
            shouldThrow<DivisionByZeroException> {
                c.copyOutRows("COPY (SELECT 1 / (3000 - g) FROM generate_series(1, 5000) AS g) TO STDOUT (FORMAT binary)", intArrayOf(Oids.INT4)).toList()
            }
            shouldThrow<ValueDecodingException> { c.copyOutRows("COPY (SELECT 1) TO STDOUT", intArrayOf(Oids.INT4)).toList() }
                .message shouldContain "binary"
            c.query("SELECT 41 + 1").rows.single().getInt(0) shouldBe 42
        }
    }
})
