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
import io.databridge.pg.types.PgCodec
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

/** One value of a type family: [literal] cast to [type]; [hasEquality] when the type has an `=` operator in reach. */
private data class FamilyCase(val type: String, val literal: String, val hasEquality: Boolean = true)

/** The schema of the enum, composite, domain and hstore types the family walk uses (created afresh on each server). */
private const val FAMILY_SCHEMA = "value_round_trip"

private suspend fun createFamilyTypes(c: PgConnection) {
    c.simpleQuery(
        """
        DROP SCHEMA IF EXISTS $FAMILY_SCHEMA CASCADE;
        CREATE SCHEMA $FAMILY_SCHEMA;
        CREATE TYPE $FAMILY_SCHEMA.mood AS ENUM ('sad', 'ok', 'happy');
        CREATE TYPE $FAMILY_SCHEMA.pair AS (a int4, b text, c numeric[], d $FAMILY_SCHEMA.mood, e timestamptz);
        CREATE DOMAIN $FAMILY_SCHEMA.positive AS int4 CHECK (VALUE > 0);
        CREATE EXTENSION IF NOT EXISTS hstore SCHEMA $FAMILY_SCHEMA;
        """.trimIndent(),
    )
}

/** Every family the registry has, with the values at its edges; interval infinities exist from PostgreSQL 17. */
private fun familyCases(major: Int): List<FamilyCase> {
    val s = FAMILY_SCHEMA
    val cases = mutableListOf(
        FamilyCase("int2", "-32768"), FamilyCase("int4", "2147483647"), FamilyCase("int8", "-9223372036854775808"),
        FamilyCase("oid", "4294967295"),
        FamilyCase("float4", "'NaN'"), FamilyCase("float4", "'-Infinity'"), FamilyCase("float4", "'-0'"),
        FamilyCase("float4", "'1.4e-45'"), FamilyCase("float4", "'3.4028235e38'"), FamilyCase("float4", "'0.1'"),
        FamilyCase("float8", "'NaN'"), FamilyCase("float8", "'Infinity'"), FamilyCase("float8", "'-0'"),
        FamilyCase("float8", "'4.9e-324'"), FamilyCase("float8", "'0.1'"), FamilyCase("float8", "'1.7976931348623157e308'"),
        FamilyCase("numeric", "'NaN'"), FamilyCase("numeric", "'Infinity'"), FamilyCase("numeric", "'-Infinity'"),
        FamilyCase("numeric", "'1.50'"), FamilyCase("numeric", "'-0.000100'"), FamilyCase("numeric", "'0'"),
        FamilyCase("numeric", "'12345678901234567890.123456789012345678900'"), FamilyCase("numeric", "'1e-300'"),
        FamilyCase("numeric(10,4)", "'3.1'"),
        FamilyCase("bool", "true"), FamilyCase("bool", "false"),
        FamilyCase("text", "''"), FamilyCase("text", "'a \"b\" \\\\ é 😀'"), FamilyCase("varchar(5)", "'ab'"),
        FamilyCase("char(5)", "'ab'"), FamilyCase("name", "'pg_class'"), FamilyCase("\"char\"", "'x'"),
        FamilyCase("bytea", "'\\x'"), FamilyCase("bytea", "'\\x00ff10'"),
        FamilyCase("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
        FamilyCase("date", "'infinity'"), FamilyCase("date", "'-infinity'"), FamilyCase("date", "'4713-01-01 BC'"),
        FamilyCase("date", "'5874897-12-31'"), FamilyCase("date", "'2000-02-29'"),
        FamilyCase("time", "'24:00:00'"), FamilyCase("time", "'23:59:59.999999'"), FamilyCase("timetz", "'12:00:00.5+05:30'"),
        FamilyCase("timestamp", "'infinity'"), FamilyCase("timestamp", "'-infinity'"),
        FamilyCase("timestamp", "'294276-12-31 23:59:59.999999'"), FamilyCase("timestamp", "'4713-01-01 00:00:00 BC'"),
        FamilyCase("timestamptz", "'infinity'"), FamilyCase("timestamptz", "'-infinity'"),
        FamilyCase("timestamptz", "'2000-01-01 00:00:00.000001+00'"), FamilyCase("timestamptz", "'1900-06-30 12:34:56-07'"),
        FamilyCase("interval", "'1 year 2 mons -3 days 04:05:06.789'"), FamilyCase("interval", "'-178000000 years'"),
        FamilyCase("interval", "'-00:00:00.000001'"),
        FamilyCase("json", "'{\"a\" : [1, 2.50], \"a\": null}'", hasEquality = false), FamilyCase("jsonb", "'{\"b\": null, \"a\": [1, 2.50]}'"),
        FamilyCase("int4[]", "'{1,NULL,3}'"), FamilyCase("int4[]", "'{}'"), FamilyCase("int4[]", "'{{1,2},{3,NULL}}'"),
        FamilyCase("int4[]", "'[0:2]={1,NULL,3}'"), FamilyCase("int4[]", "'[-3:-2][1:1]={{7},{8}}'"),
        FamilyCase("text[]", "'{\"NULL\",NULL,\"a,b\",\"\",\"\\\\\\\"q\"}'"), FamilyCase("numeric[]", "'{1.50,NaN,NULL}'"),
        FamilyCase("timestamptz[]", "'{infinity,\"2020-01-01 00:00:00+00\"}'"), FamilyCase("bytea[]", "'{\"\\\\x01\",NULL}'"),
        FamilyCase("int4range", "'[1,5)'"), FamilyCase("int4range", "'empty'"), FamilyCase("int8range", "'(,10)'"),
        FamilyCase("numrange", "'(1.5,]'"), FamilyCase("daterange", "'[2000-01-01,infinity)'"),
        FamilyCase("tstzrange", "'[2000-01-01 00:00:00+00,2001-01-01 00:00:00+00]'"), FamilyCase("tsrange", "'(,)'"),
        FamilyCase("int4range[]", "'{\"[1,2)\",empty}'"),
        FamilyCase("int4multirange", "'{[1,3),[5,7)}'"), FamilyCase("int4multirange", "'{}'"), FamilyCase("datemultirange", "'{[2000-01-01,2000-02-01)}'"),
        FamilyCase("inet", "'192.168.0.1/24'"), FamilyCase("inet", "'::ffff:1.2.3.4'"), FamilyCase("cidr", "'10.0.0.0/8'"),
        FamilyCase("cidr", "'2001:db8::/32'"), FamilyCase("macaddr", "'08:00:2b:01:02:03'"), FamilyCase("macaddr8", "'08:00:2b:01:02:03:04:05'"),
        FamilyCase("bit(3)", "B'101'"), FamilyCase("varbit", "B''"), FamilyCase("varbit", "B'1101011010101'"),
        FamilyCase("int2vector", "'1 2 3'"), FamilyCase("oidvector", "'23 4294967295'"), FamilyCase("int2vector[]", "ARRAY['4 5'::int2vector]"),
        FamilyCase("point", "'(1.5,-2)'", hasEquality = false), FamilyCase("line", "'{1,2,3}'"), FamilyCase("lseg", "'[(0,0),(1,1)]'"),
        FamilyCase("box", "'(1,1),(0,0)'"), FamilyCase("path", "'[(0,0),(1,1),(2,0)]'"), FamilyCase("path", "'((0,0),(1,1))'"),
        FamilyCase("polygon", "'((0,0),(1,1),(1,0))'", hasEquality = false), FamilyCase("circle", "'<(1,2),3>'"),
        FamilyCase("box[]", "ARRAY['(1,1),(0,0)'::box, '(3,3),(2,2)'::box]", hasEquality = false),
        FamilyCase("money", "'12.34'"), FamilyCase("xml", "'<a x=\"1\">b</a>'", hasEquality = false),
        FamilyCase("tsvector", "'a:1 b:2'"), FamilyCase("tsquery", "'a & !b'"),
        FamilyCase("$s.mood", "'happy'"), FamilyCase("$s.mood[]", "'{sad,NULL,ok}'"),
        FamilyCase("$s.pair", "ROW(1, 'x, \"y\"', ARRAY[1.50, NULL], 'ok', 'infinity')"),
        FamilyCase("$s.pair", "ROW(NULL, NULL, NULL, NULL, NULL)"),
        FamilyCase("$s.pair[]", "ARRAY[ROW(2, '', '{}', 'sad', '2000-01-01 00:00:00+00')::$s.pair, NULL]"),
        FamilyCase("$s.positive", "7"), FamilyCase("$s.hstore", "'a=>1, b=>NULL, \"c d\"=>\"\"'", hasEquality = false),
    )
    if (major >= 17) cases += listOf(FamilyCase("interval", "'infinity'"), FamilyCase("interval", "'-infinity'"))
    return cases
}

/**
 * What goes wrong when [case]'s value, read from a binary and from a text result, is bound back: once as the engine
 * binds it and once as the text its codec writes. The server compares each with the original by its binary send
 * output, its text output and, where the type has one, its equality operator.
 */
@Suppress("UNCHECKED_CAST")
private suspend fun rebindProblems(c: PgConnection, case: FamilyCase): List<String> {
    val problems = ArrayList<String>()
    val original = "(${case.literal})::${case.type}"
    // A domain's values are described by their base type, so that is the codec that reads and writes them.
    val meta = c.query(
        "SELECT t.typsend::text, COALESCE(NULLIF(t.typbasetype, 0), t.oid)::int8 FROM pg_catalog.pg_type t WHERE t.oid = \$1::regtype",
        case.type,
    ).rows.single()
    val send = meta.getString(0)!!
    fun same(param: String) = "SELECT $send($param) = $send($original) AND ($param)::text = ($original)::text" +
        if (case.hasEquality) " AND ($param) IS NOT DISTINCT FROM $original" else ""
    val results = listOf(
        "binary result" to runCatching { c.query("SELECT $original").rows.single().getObject(0) },
        "text result" to runCatching { c.simpleQuery("SELECT $original").single().rows.single().getObject(0) },
    )
    for ((label, decoded) in results) {
        val where = "${case.type} ${case.literal} from a $label"
        val value = decoded.getOrElse {
            problems += "$where: does not decode: ${it.message}"
            continue
        } ?: run {
            problems += "$where: decodes to null"
            continue
        }
        val codec = c.types.codecFor(meta.getLong(1).toInt()) as PgCodec<Any>?
        runCatching { c.query(same("\$1::${case.type}"), value).rows.single().getBoolean(0) }
            .onSuccess { if (!it) problems += "$where: bound as the engine binds it (${if (codec?.supportsBinary == true) "binary" else "text"}) differs: $value" }
            .onFailure { problems += "$where: cannot be bound: ${it.message}" }
        if (codec == null) {
            problems += "$where: no codec"
            continue
        }
        val asText = runCatching {
            val out = ByteWriter(64)
            codec.encodeText(value, out, sessionContext(c))
            String(out.array, 0, out.size, Charsets.UTF_8)
        }.getOrElse {
            problems += "$where: cannot be written as text: ${it.message}"
            continue
        }
        runCatching { c.query(same("\$1::text::${case.type}"), asText).rows.single().getBoolean(0) }
            .onSuccess { if (!it) problems += "$where: bound as text '$asText' differs" }
            .onFailure { problems += "$where: its text '$asText' is refused: ${it.message}" }
    }
    return problems
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
            for (result in listOf(c.query("SELECT ROW('a'::unknown, 1)").rows.single(), c.simpleQuery("SELECT ROW('a'::unknown, 1)").single().rows.single())) {
                result.getObject(0).shouldBeInstanceOf<PgComposite>().values shouldBe listOf("a", "1")
            }
        }

        test("PostgreSQL $major: record fields of types without a codec come back as their text, in a record and in an array of records, in both protocols") {
            val c = conn()
            createFamilyTypes(c)
            val fields = listOf(
                "'0/16B3748'::pg_lsn", "'a:1 b:2'::tsvector", "'happy'::value_round_trip.mood", "12.5::money", "'<a>b</a>'::xml",
                "'(0,1)'::tid", "'pg_class'::regclass", "'\$.a'::jsonpath", "'10:20:10,14,15'::txid_snapshot", "42", "'x, \"y\"'::text",
            )
            val record = "ROW(${fields.joinToString()})"
            val sql = "SELECT $record, ARRAY[$record, $record], ${fields.joinToString { "($it)::text" }}"
            for (result in listOf(c.query(sql).rows.single(), c.simpleQuery(sql).single().rows.single())) {
                val texts = fields.indices.map { result.getString(2 + it) }
                result.getObject(0).shouldBeInstanceOf<PgComposite>().values shouldBe texts
                (result.getObject(1) as List<*>).map { (it as PgComposite).values } shouldBe listOf(texts, texts)
            }
        }

        test("PostgreSQL $major: every type family decodes and binds back byte-identical, from binary and text results, bound in binary and in text") {
            val c = conn()
            createFamilyTypes(c)
            val problems = familyCases(major).flatMap { rebindProblems(c, it) }
            problems shouldBe emptyList()
        }

        test("PostgreSQL $major: getString on json and jsonb returns the JSON text") {
            val row = conn().query("SELECT '{\"a\": [1, 2]}'::jsonb, '{\"b\" : true}'::json").rows.single()
            row.getString(0) shouldBe "{\"a\": [1, 2]}"
            row.getString(1) shouldBe "{\"b\" : true}"
        }
    }
})
