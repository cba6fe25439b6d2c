package io.databridge.pg

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.PgBinaries
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.types.ArrayCodec
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.PgArray
import io.databridge.pg.types.PgComposite
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.math.BigDecimal
import java.nio.file.Paths

/** The codec context of [c]'s session, for encoding a value by hand. */
private fun sessionContext(c: PgConnection): CodecContext = object : CodecContext {
    override val registry = c.types

    override fun serverParameter(name: String): String? = c.parameters[name]
}

/** Values that must survive decode → re-bind unchanged, in both formats, on PostgreSQL 18 and 14. */
class ValueRoundTripSpec : FunSpec({
    val pg14 = lazy {
        val jar = System.getProperty("databridge.test.pg14Jar") ?: error("run through Maven: the PostgreSQL 14 jar path is set by the build")
        EmbeddedPostgres.start { binaries(PgBinaries.fromJar(Paths.get(jar))) }
    }
    val connections = HashMap<String, PgConnection>()
    afterSpec {
        connections.values.forEach { it.close() }
        if (pg14.isInitialized()) pg14.value.close()
    }

    for (major in listOf(18, 14)) {
        suspend fun conn(): PgConnection = connections[major.toString()] ?: PgConnection.connect(
            if (major == 18) SharedPostgres.server.url() else pg14.value.url(),
        ).also { connections[major.toString()] = it }

        test("PostgreSQL $major: server major is $major") {
            conn().serverVersion.major shouldBe major
        }

        for (literal in listOf("'[0:2]={1,NULL,3}'::int[]", "'[-3:-2]={7,8}'::int[]", "'[0:1][3:4]={{1,2},{3,4}}'::int[]", "'[5:6]={a,\"b c\"}'::text[]")) {
            test("PostgreSQL $major: $literal keeps its bounds and binds back identically in binary and text") {
                val c = conn()
                val binary = c.query("SELECT $literal").rows.single().getObject(0).shouldBeInstanceOf<PgArray>()
                val text = c.simpleQuery("SELECT $literal").single().rows.single().getObject(0).shouldBeInstanceOf<PgArray>()
                text shouldBe binary
                c.query("SELECT $1 = $literal AND $1::text = ($literal)::text", binary).rows.single().getBoolean(0) shouldBe true
                val elementType = if ("text" in literal) "text" else "int"
                val codec = c.types.codecFor(if (elementType == "text") 1009 else 1007) as ArrayCodec
                val out = ByteWriter(64)
                codec.encodeText(binary, out, sessionContext(c))
                val asText = String(out.array, 0, out.size)
                c.query("SELECT $1::text::$elementType[] = $literal AND $1::text::$elementType[]::text = ($literal)::text", asText)
                    .rows.single().getBoolean(0) shouldBe true
            }
        }

        test("PostgreSQL $major: 1-based arrays stay lists") {
            conn().query("SELECT '{1,2}'::int[]").rows.single().getObject(0) shouldBe listOf(1, 2)
            conn().simpleQuery("SELECT '{{1,2},{3,4}}'::int[]").single().rows.single().getObject(0) shouldBe listOf(listOf(1, 2), listOf(3, 4))
        }

        test("PostgreSQL $major: int2vector and oidvector (and their arrays) decode in both formats and bind in binary") {
            val c = conn()
            val sql = "SELECT '1 2 3'::int2vector, '23 25'::oidvector, ARRAY['4 5'::int2vector, '6'::int2vector]"
            for (row in listOf(c.query(sql).rows.single(), c.simpleQuery(sql).single().rows.single())) {
                row.getObject(0) shouldBe listOf<Short>(1, 2, 3)
                row.getObject(1) shouldBe listOf(23L, 25L)
                row.getObject(2) shouldBe listOf(listOf<Short>(4, 5), listOf<Short>(6))
            }
            val bound = c.query(
                "SELECT $1::int2vector::text, $2::oidvector::text, $3::int2vector[]::text",
                listOf(1, 2, 3), listOf(23L, 4_000_000_000L), listOf(listOf(4, 5), listOf(6)),
            ).rows.single()
            bound.getString(0) shouldBe "1 2 3"
            bound.getString(1) shouldBe "23 4000000000"
            bound.getString(2) shouldBe "{\"4 5\",6}"
            val catalog = c.query("SELECT indkey FROM pg_index WHERE indrelid = 'pg_class'::regclass ORDER BY indexrelid LIMIT 1").rows.single()
            c.query("SELECT $1::int2vector::text = $2", catalog.getObject(0), catalog.getObject(0).let { (it as List<*>).joinToString(" ") })
                .rows.single().getBoolean(0) shouldBe true
            shouldThrow<ValueEncodingException> { c.query("SELECT $1::int2vector", listOf(70_000)) }
        }

        test("PostgreSQL $major: a numeric with the maximum number of digits decodes in binary and binds back") {
            val c = conn()
            val digits = "9".repeat(131_072) + "." + "9".repeat(16_383)
            val value = c.query("SELECT ('$digits')::numeric").rows.single().getObject(0)
            value shouldBe BigDecimal(digits)
            c.query("SELECT $1::numeric = ('$digits')::numeric", value).rows.single().getBoolean(0) shouldBe true
        }

        test("PostgreSQL $major: a string with an unpaired surrogate is refused before sending; the connection is untouched") {
            val c = conn()
            shouldThrow<ValueEncodingException> { c.query("SELECT $1::text", "a\uD800b") }.message shouldContain "unpaired UTF-16 surrogate"
            shouldThrow<ValueEncodingException> { c.query("SELECT $1::text[]", listOf("ok", "\uDC00")) }
            shouldThrow<IllegalArgumentException> { c.query("SELECT 'a\uD800'") }.message shouldContain "unpaired UTF-16 surrogate"
            shouldThrow<IllegalArgumentException> { c.simpleQuery("SELECT 'a\uD800'") }
            c.query("SELECT $1::text", "a\uD83D\uDE00b").rows.single().getString(0) shouldBe "a\uD83D\uDE00b"
            c.isOpen shouldBe true
        }

        test("PostgreSQL $major: text intervals under IntervalStyle=sql_standard are refused naming the setting; binary still reads") {
            val c = conn()
            c.simpleQuery("SET IntervalStyle = sql_standard")
            try {
                val e = shouldThrow<ValueDecodingException> { c.simpleQuery("SELECT '1 day 2 hours'::interval").single().rows.single().getObject(0) }
                e.message shouldContain "IntervalStyle 'sql_standard'"
                c.query("SELECT '1 day 2 hours'::interval").rows.single().getObject(0).toString() shouldContain "1"
            } finally {
                c.simpleQuery("RESET IntervalStyle")
            }
        }

        test("PostgreSQL $major: an anonymous record with an unknown-typed field falls back to text") {
            val c = conn()
            val record = c.query("SELECT ROW('a'::unknown, 1)").rows.single().getObject(0).shouldBeInstanceOf<PgComposite>()
            record.values shouldBe listOf("a", 1)
            c.simpleQuery("SELECT ROW('a'::unknown, 1)").single().rows.single().getObject(0).shouldBeInstanceOf<PgComposite>()
                .values shouldBe listOf("a", "1")
        }

        test("PostgreSQL $major: getString on json and jsonb returns the JSON text") {
            val row = conn().query("SELECT '{\"a\": [1, 2]}'::jsonb, '{\"b\" : true}'::json").rows.single()
            row.getString(0) shouldBe "{\"a\": [1, 2]}"
            row.getString(1) shouldBe "{\"b\" : true}"
        }
    }
})
