package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.ColumnNotFoundException
import io.databridge.pg.errors.UndefinedTableException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.types.Oids
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import java.nio.ByteBuffer
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.UUID
import kotlinx.coroutines.flow.asFlow
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

    test("small chunks are gathered into few CopyData messages") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_small; CREATE TABLE copy_small(id int, name text)")
            val lines = (1..20_000).map { "$it\tname-$it\n".toByteArray() }
            suspend fun bytesSent(data: List<ByteArray>): Long {
                val before = c.transportStats.bytesWritten
                c.copyIn("COPY copy_small FROM STDIN", data.asFlow()) shouldBe 20_000L
                return c.transportStats.bytesWritten - before
            }
            val asOneChunk = bytesSent(listOf(lines.reduce(ByteArray::plus)))
            val asLines = bytesSent(lines)
            // A CopyData per line would add 5 bytes of framing each (100 kB); gathered, only a few messages more.
            withClue("one chunk: $asOneChunk bytes, a chunk per line: $asLines") { asLines - asOneChunk shouldBeLessThan 1_000L }
            c.query("SELECT count(*), sum(id) FROM copy_small").rows.single().toList() shouldBe listOf(40_000L, 400_020_000L)
        }
    }

    test("chunks of every size, lines cut anywhere, arrive whole and in order") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_cut; CREATE TABLE copy_cut(id int, name text)")
            val payload = (1..30_000).joinToString("") { "$it\t${"x".repeat(it % 7)}\n" }.toByteArray()
            val sizes = intArrayOf(10, 70_000, 3, 5, 65_536, 1, 40_000, 65_535, 100_000, 7)
            val chunks = ArrayList<ByteArray>()
            var at = 0
            while (at < payload.size) {
                val end = minOf(at + sizes[chunks.size % sizes.size], payload.size)
                chunks += payload.copyOfRange(at, end)
                at = end
            }
            c.copyIn("COPY copy_cut FROM STDIN", chunks.asFlow()) shouldBe 30_000L
            c.query("SELECT sum(id::int8 * length(name))::int8, bool_and(length(name) = id % 7) FROM copy_cut").rows.single().toList() shouldBe
                listOf((1..30_000).sumOf { it.toLong() * (it % 7) }, true)
        }
    }

    test("COPY FROM STDIN and TO STDOUT in text format round-trip") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_text; CREATE TABLE copy_text(id int, name text)")
            c.copyIn("COPY copy_text FROM STDIN", flowOf("1\ta\\tb\n2\t\\N\n".toByteArray())) shouldBe 2L
            c.query("SELECT name FROM copy_text WHERE id = 1").rows.single().getString(0) shouldBe "a\tb"
            val text = c.copyOut("COPY (SELECT * FROM copy_text ORDER BY id) TO STDOUT").toList()
                .joinToString("") { it.decodeToString() }
            text shouldBe "1\ta\\tb\n2\t\\N\n"
        }
    }

    test("copyInRows writes typed rows in binary format, NULLs included, and they read back equal") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery(
                "DROP TABLE IF EXISTS copy_bin; CREATE TABLE copy_bin(i int, l bigint, t text, n numeric, ts timestamptz, " +
                    "u uuid, b bool, raw bytea, j jsonb, arr int[], tags text[])",
            )
            val uuid = UUID.fromString("0b7e8c1e-5f5a-4c3e-9d2a-1f2e3d4c5b6a")
            val ts = OffsetDateTime.of(2024, 2, 29, 13, 45, 6, 123_456_000, ZoneOffset.UTC)
            val full = listOf(
                42, 9_000_000_000L, "héllo\tworld", BigDecimal("-12345.678900"), ts, uuid, true,
                byteArrayOf(0, 1, -1), "{\"k\": [1, 2]}", listOf(1, null, 3), listOf("a", "b c"),
            )
            val nulls = List<Any?>(11) { null }
            val columns = listOf("i", "l", "t", "n", "ts", "u", "b", "raw", "j", "arr", "tags")
            c.copyInRows("copy_bin", columns, flowOf(full, nulls)) shouldBe 2L
            val row = c.query(
                "SELECT i, l, t, n::text, ts = $1, u::text, b, encode(raw, 'hex'), j::text, arr::text, tags::text " +
                    "FROM copy_bin WHERE i IS NOT NULL", ts,
            ).rows.single()
            row.getInt(0) shouldBe 42
            row.getLong(1) shouldBe 9_000_000_000L
            row.getString(2) shouldBe "héllo\tworld"
            row.getString(3) shouldBe "-12345.678900"
            row.getObject(4) shouldBe true
            row.getString(5) shouldBe uuid.toString()
            row.getObject(6) shouldBe true
            row.getString(7) shouldBe "0001ff"
            row.getString(8) shouldBe "{\"k\": [1, 2]}"
            row.getString(9) shouldBe "{1,NULL,3}"
            row.getString(10) shouldBe "{a,\"b c\"}"
            c.query("SELECT count(*) FROM copy_bin WHERE num_nulls(i, l, t, n, ts, u, b, raw, j, arr, tags) = 11")
                .rows.single().getLong(0) shouldBe 1L
        }
    }

    test("COPY TO STDOUT in binary format is a PGCOPY stream with one tuple per row") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_out; CREATE TABLE copy_out AS SELECT g AS id, 'r' || g AS name FROM generate_series(1, 37) g")
            val bytes = c.copyOut("COPY copy_out TO STDOUT (FORMAT binary)").toList()
                .fold(java.io.ByteArrayOutputStream()) { acc, chunk -> acc.also { it.write(chunk) } }.toByteArray()
            val buf = ByteBuffer.wrap(bytes)
            val signature = ByteArray(11).also { buf.get(it) }
            signature.toList() shouldBe byteArrayOf(80, 71, 67, 79, 80, 89, 10, -1, 13, 10, 0).toList()
            buf.getInt() shouldBe 0
            buf.getInt() shouldBe 0 // header extension length
            var tuples = 0
            var idSum = 0L
            while (true) {
                val fields = buf.getShort().toInt()
                if (fields == -1) break
                fields shouldBe 2
                buf.getInt() shouldBe 4
                idSum += buf.getInt()
                val nameLength = buf.getInt()
                buf.position(buf.position() + nameLength)
                tuples++
            }
            buf.remaining() shouldBe 0
            tuples shouldBe 37
            idSum shouldBe (1L..37L).sum()
        }
    }

    test("copyInRowsIfTable copies into plain and partitioned tables, and answers null for a view or a table with rules, sending nothing") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery(
                "DROP TABLE IF EXISTS copy_plain, copy_parted, copy_ruled, copy_audit CASCADE; " +
                    "CREATE TABLE copy_plain(id int, name text); CREATE VIEW copy_plain_view AS SELECT * FROM copy_plain; " +
                    "CREATE TABLE copy_parted(id int, name text) PARTITION BY RANGE (id); " +
                    "CREATE TABLE copy_parted_low PARTITION OF copy_parted FOR VALUES FROM (0) TO (100); " +
                    "CREATE TABLE copy_parted_high PARTITION OF copy_parted FOR VALUES FROM (100) TO (1000); " +
                    "CREATE TABLE copy_ruled(id int, name text); CREATE TABLE copy_audit(id int); " +
                    "CREATE RULE audited AS ON INSERT TO copy_ruled DO ALSO INSERT INTO copy_audit VALUES (NEW.id)",
            )
            val rows = listOf(listOf(1, "one"), listOf(150, "many"))
            c.copyInRowsIfTable("copy_plain", listOf("id", "name"), rows.asFlow()) shouldBe 2L
            c.copyInRowsIfTable("copy_parted", emptyList(), rows.asFlow()) shouldBe 2L
            c.query("SELECT count(*) FROM copy_parted_high").rows.single().getLong(0) shouldBe 1L
            var pulled = 0
            val counted = flow { pulled++; emit(listOf(2, "two")) }
            c.copyInRowsIfTable("copy_plain_view", listOf("id", "name"), counted) shouldBe null
            c.copyInRowsIfTable("copy_ruled", listOf("id", "name"), counted) shouldBe null
            pulled shouldBe 0
            c.query("SELECT count(*) FROM copy_plain").rows.single().getLong(0) shouldBe 2L
            c.query("SELECT count(*) FROM copy_ruled").rows.single().getLong(0) shouldBe 0L
            shouldThrow<ColumnNotFoundException> { c.copyInRowsIfTable("copy_plain", listOf("nope"), counted) }
            c.simpleQuery("DROP TABLE copy_plain, copy_parted, copy_ruled, copy_audit CASCADE")
        }
    }

    test("a value that does not fit its column aborts the binary COPY, names row and column, stores nothing") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_bad; CREATE TABLE copy_bad(id int, small int2)")
            val rows = flowOf(listOf(1, 5), listOf(2, 70_000))
            val e = shouldThrow<ValueEncodingException> { c.copyInRows("copy_bad", listOf("id", "small"), rows) }
            e.message shouldContain "row 2, column small"
            e.message shouldContain "out of range"
            c.query("SELECT count(*) FROM copy_bad").rows.single().getLong(0) shouldBe 0L
            shouldThrow<ValueEncodingException> {
                c.copyInRows("copy_bad", listOf("id"), flowOf(listOf(1, 2)))
            }.message shouldContain "row 1 has 2 values for 1 columns"
            shouldThrow<ColumnNotFoundException> { c.copyInRows("copy_bad", listOf("id", "nope"), flowOf()) }
            shouldThrow<ValueEncodingException> {
                c.copyInRows("copy_bad", listOf("small"), flowOf(listOf(1), listOf("seven")))
            }.message shouldContain "row 2, column small: a java.lang.String cannot be bound to int2"
            shouldThrow<ValueEncodingException> {
                c.copyInRows("COPY copy_bad (id) FROM STDIN (FORMAT binary)", intArrayOf(999_999), flowOf(listOf(1)))
            }.message shouldContain "column 1: no codec for type OID 999999"
            c.query("SELECT count(*) FROM copy_bad").rows.single().getLong(0) shouldBe 0L
            c.copyInRows("copy_bad", emptyList(), flowOf(listOf(3, 4))) shouldBe 1L
            c.query("SELECT id, small FROM copy_bad").rows.single().getInt(1) shouldBe 4
        }
    }

    test("100k rows go through the binary writer in 64 KiB chunks") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery("DROP TABLE IF EXISTS copy_big; CREATE TABLE copy_big(id bigint, label text)")
            val rows = flow { for (i in 1..100_000L) emit(listOf(i, "row-$i")) }
            val sql = "COPY copy_big (id, label) FROM STDIN (FORMAT binary)"
            c.copyInRows(sql, intArrayOf(Oids.INT8, Oids.TEXT), rows) shouldBe 100_000L
            val check = c.query("SELECT count(*), sum(id)::int8, count(DISTINCT label) FROM copy_big").rows.single()
            check.getLong(0) shouldBe 100_000L
            check.getLong(1) shouldBe 5_000_050_000L
            check.getLong(2) shouldBe 100_000L
        }
    }
})
