package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.pg.PgConnection
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.types.PgBitString
import io.databridge.pg.types.PgCircle
import io.databridge.pg.types.PgInet
import io.databridge.pg.types.PgInterval
import io.databridge.pg.types.PgMacAddress
import io.databridge.pg.types.PgPoint
import io.databridge.pg.types.PgRange
import io.databridge.dsl.exec.single
import io.databridge.pg.errors.TypeMismatchException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.time.ZoneOffset
import java.util.UUID

object AllTypes : Table("all_types") {
    val id = int4("id").primaryKey()
    val cBool = bool("c_bool")
    val cBytea = bytea("c_bytea")
    val cChar = char("c_char")
    val cName = name("c_name")
    val cInt2 = int2("c_int2")
    val cInt8 = int8("c_int8")
    val cOid = oid("c_oid")
    val cFloat4 = float4("c_float4")
    val cFloat8 = float8("c_float8")
    val cNumeric = numeric("c_numeric", 10, 2)
    val cText = text("c_text")
    val cVarchar = varchar("c_varchar", 10)
    val cBpchar = bpchar("c_bpchar", 3)
    val cUuid = uuid("c_uuid")
    val cDate = date("c_date")
    val cTime = time("c_time")
    val cTimetz = timetz("c_timetz")
    val cTimestamp = timestamp("c_timestamp")
    val cTimestamptz = timestamptz("c_timestamptz")
    val cInterval = interval("c_interval")
    val cJson = json("c_json")
    val cJsonbTyped = jsonb<Prefs>("c_jsonb_typed")
    val cJsonElement = jsonbElement("c_jsonb_element")
    val cInet = inet("c_inet")
    val cCidr = cidr("c_cidr")
    val cMacaddr = macaddr("c_macaddr")
    val cMoney = money("c_money")
    val cBit = bit("c_bit", 4)
    val cVarbit = varbit("c_varbit")
    val cPoint = point("c_point")
    val cCircle = circle("c_circle")
    val cXml = xml("c_xml")
    val cTsvector = tsvector("c_tsvector")
    val cHstore = hstore("c_hstore")
    val cArray = array("c_array", PgTypes.int4)
    val cNullableArray = column("c_nullable_array", PgTypes.arrayOfNullable(PgTypes.text))
    val cMood = enumeration<Mood>("c_mood", "mood")
    val cRange = int4range("c_range")
    val cDateRange = daterange("c_daterange")
    val cPosint = column("c_posint", PgTypes.custom("posint", Int::class, { it.toString() }, { it.toInt() }))
    val cMaybe = int4("c_maybe").nullable()
}

class TypesRoundTripSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_types CASCADE; CREATE SCHEMA dsl_types; CREATE EXTENSION IF NOT EXISTS hstore SCHEMA public",
            "SET search_path = dsl_types, public",
            "CREATE TYPE mood AS ENUM ('HAPPY', 'SAD'); CREATE DOMAIN posint AS int4 CHECK (VALUE > 0)",
            """CREATE TABLE all_types (id int4 PRIMARY KEY, c_bool bool, c_bytea bytea, c_char "char", c_name name, c_int2 int2,
           c_int8 int8, c_oid oid, c_float4 float4, c_float8 float8, c_numeric numeric(10,2), c_text text, c_varchar varchar(10),
           c_bpchar bpchar(3), c_uuid uuid, c_date date, c_time time, c_timetz timetz, c_timestamp timestamp,
           c_timestamptz timestamptz, c_interval interval, c_json json, c_jsonb_typed jsonb, c_jsonb_element jsonb, c_inet inet,
           c_cidr cidr, c_macaddr macaddr, c_money money, c_bit bit(4), c_varbit varbit, c_point point, c_circle circle,
           c_xml xml, c_tsvector tsvector, c_hstore hstore, c_array int4[], c_nullable_array text[], c_mood mood,
           c_range int4range, c_daterange daterange, c_posint posint, c_maybe int4)""",
        )
        db = conn.asSqlExecutor()
    }
    afterSpec {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_types CASCADE") }
    }

    test("every column kind is bound and read back through a real server") {
        val bytes = byteArrayOf(0, 1, -1, 39, 92)
        val uuid = UUID.randomUUID()
        val element = buildJsonObject { put("a", JsonPrimitive(1)) }
        val day = LocalDate.of(2024, 2, 29)
        db.execute(
            AllTypes.insert {
                it[AllTypes.id] = 1; it[AllTypes.cBool] = true; it[AllTypes.cBytea] = bytes; it[AllTypes.cChar] = 'x'
                it[AllTypes.cName] = "nm"; it[AllTypes.cInt2] = (-5).toShort(); it[AllTypes.cInt8] = Long.MAX_VALUE
                it[AllTypes.cOid] = 4294967295L; it[AllTypes.cFloat4] = 1.5f; it[AllTypes.cFloat8] = Double.NEGATIVE_INFINITY
                it[AllTypes.cNumeric] = BigDecimal("12345678.90"); it[AllTypes.cText] = "tëxt ✓"; it[AllTypes.cVarchar] = "abc"
                it[AllTypes.cBpchar] = "ab"; it[AllTypes.cUuid] = uuid; it[AllTypes.cDate] = day
                it[AllTypes.cTime] = LocalTime.of(13, 14, 15, 123_456_000)
                it[AllTypes.cTimetz] = OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHours(2))
                it[AllTypes.cTimestamp] = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000)
                it[AllTypes.cTimestamptz] = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC)
                it[AllTypes.cInterval] = PgInterval(14, 3, 4_000_005)
                it[AllTypes.cJson] = "{\"a\":  1}"; it[AllTypes.cJsonbTyped] = Prefs("dark", 12); it[AllTypes.cJsonElement] = element
                it[AllTypes.cInet] = PgInet.parse("192.168.0.1/24"); it[AllTypes.cCidr] = PgInet.parse("10.0.0.0/8")
                it[AllTypes.cMacaddr] = PgMacAddress.parse("08:00:2b:01:02:03")
                it[AllTypes.cMoney] = BigDecimal("1234.56"); it[AllTypes.cBit] = PgBitString.parse("1010"); it[AllTypes.cVarbit] = PgBitString.parse("101")
                it[AllTypes.cPoint] = PgPoint(1.0, 2.0); it[AllTypes.cCircle] = PgCircle(PgPoint(1.0, 2.0), 3.0); it[AllTypes.cXml] = "<a>x</a>"
                it[AllTypes.cTsvector] = "'a' 'b'"; it[AllTypes.cHstore] = mapOf("k" to "v\"q", "n" to null)
                it[AllTypes.cArray] = listOf(1, 2, 3); it[AllTypes.cNullableArray] = listOf("a b", null, "NULL", "")
                it[AllTypes.cMood] = Mood.SAD; it[AllTypes.cRange] = PgRange.closedOpen(1, 5); it[AllTypes.cDateRange] = PgRange.closedOpen(day, day.plusDays(3))
                it[AllTypes.cPosint] = 7; it[AllTypes.cMaybe] = null
            },
        ) shouldBe 1L
        val row = db.list(AllTypes.selectAll().where(AllTypes.id eq 1)).single()
        row[AllTypes.cBool] shouldBe true
        row[AllTypes.cBytea].toList() shouldBe bytes.toList()
        row[AllTypes.cChar] shouldBe 'x'
        row[AllTypes.cName] shouldBe "nm"
        row[AllTypes.cInt2] shouldBe (-5).toShort()
        row[AllTypes.cInt8] shouldBe Long.MAX_VALUE
        row[AllTypes.cOid] shouldBe 4294967295L
        row[AllTypes.cFloat4] shouldBe 1.5f
        row[AllTypes.cFloat8] shouldBe Double.NEGATIVE_INFINITY
        row[AllTypes.cNumeric] shouldBe BigDecimal("12345678.90")
        row[AllTypes.cText] shouldBe "tëxt ✓"
        row[AllTypes.cVarchar] shouldBe "abc"
        row[AllTypes.cBpchar] shouldBe "ab "
        row[AllTypes.cUuid] shouldBe uuid
        row[AllTypes.cDate] shouldBe day
        row[AllTypes.cTime] shouldBe LocalTime.of(13, 14, 15, 123_456_000)
        row[AllTypes.cTimetz] shouldBe OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHours(2))
        row[AllTypes.cTimestamp] shouldBe LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000)
        row[AllTypes.cTimestamptz] shouldBe OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC)
        row[AllTypes.cInterval] shouldBe PgInterval(14, 3, 4_000_005)
        row[AllTypes.cJson] shouldBe "{\"a\":  1}"
        row[AllTypes.cJsonbTyped] shouldBe Prefs("dark", 12)
        row[AllTypes.cJsonElement] shouldBe element
        row[AllTypes.cInet] shouldBe PgInet.parse("192.168.0.1/24")
        row[AllTypes.cInet].toString() shouldBe "192.168.0.1/24"
        row[AllTypes.cCidr] shouldBe PgInet.parse("10.0.0.0/8")
        row[AllTypes.cMacaddr].toString() shouldBe "08:00:2b:01:02:03"
        row[AllTypes.cMoney] shouldBe BigDecimal("1234.56")
        row[AllTypes.cBit].toString() shouldBe "1010"
        row[AllTypes.cVarbit].toString() shouldBe "101"
        row[AllTypes.cPoint] shouldBe PgPoint(1.0, 2.0)
        row[AllTypes.cCircle] shouldBe PgCircle(PgPoint(1.0, 2.0), 3.0)
        row[AllTypes.cXml] shouldBe "<a>x</a>"
        row[AllTypes.cTsvector] shouldBe "'a' 'b'"
        row[AllTypes.cHstore] shouldBe mapOf("k" to "v\"q", "n" to null)
        row[AllTypes.cArray] shouldBe listOf(1, 2, 3)
        row[AllTypes.cNullableArray] shouldBe listOf("a b", null, "NULL", "")
        row[AllTypes.cMood] shouldBe Mood.SAD
        row[AllTypes.cRange] shouldBe PgRange.closedOpen(1, 5)
        row[AllTypes.cDateRange] shouldBe PgRange.closedOpen(day, day.plusDays(3))
        row[AllTypes.cPosint] shouldBe 7
        row[AllTypes.cMaybe] shouldBe null
    }

    test("enum, range and typed jsonb values work in comparisons and CAST") {
        db.list(select(AllTypes.id).from(AllTypes).where((AllTypes.cMood eq Mood.SAD) and (AllTypes.cJsonbTyped eq Prefs("dark", 12)))) shouldBe listOf(1)
        db.list(select(AllTypes.cMood.cast(PgTypes.text), lit("HAPPY").cast(PgTypes.enum<Mood>("mood"))).from(AllTypes)) shouldBe listOf("SAD" to Mood.HAPPY)
        db.list(select(AllTypes.id).from(AllTypes).where(AllTypes.cRange eq PgRange.closed(1, 4))) shouldBe listOf(1)
    }

    test("arrays of enums and of typed json convert element by element, both ways") {
        val moods = PgTypes.array(PgTypes.enum<Mood>("mood"))
        val prefs = PgTypes.arrayOfNullable(PgTypes.jsonb<Prefs>())
        db.single(select(param(listOf(Mood.SAD, Mood.HAPPY), moods), param(listOf(Prefs("a", 1), null), prefs))) shouldBe
            (listOf(Mood.SAD, Mood.HAPPY) to listOf(Prefs("a", 1), null))
    }

    test("a DSL type that disagrees with the result column fails typed, not with a ClassCastException") {
        val e = shouldThrow<TypeMismatchException> { db.list(select(sql(PgTypes.int4, "'abc'::text"))) }
        e.message shouldContain "String"
        shouldThrow<TypeMismatchException> { db.list(select(sql(PgTypes.enum<Mood>("mood"), "42"))) }
        db.single(select(sql(PgTypes.int8, "7::int4"), sql(PgTypes.numeric, "7::int8"))) shouldBe (7L to BigDecimal.valueOf(7))
    }

    test("a mismatch names its result column, also when the earlier columns pass through unconverted") {
        val e = shouldThrow<TypeMismatchException> { db.list(select(sql(PgTypes.int4, "1"), sql(PgTypes.int8, "'x'::text"))) }
        e.message shouldContain "result column 2 holds a String"
        // Every row of an int4 column read as int8 takes the converting path, not only the first one.
        db.list(rawSql("SELECT g::int4 FROM generate_series(1, 3) AS g").asQuery(sql(PgTypes.int8, "g"))) shouldBe listOf(1L, 2L, 3L)
    }
})
