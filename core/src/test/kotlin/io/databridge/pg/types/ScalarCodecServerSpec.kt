package io.databridge.pg.types

import io.databridge.embedded.SharedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.math.BigDecimal
import java.net.InetAddress
import java.sql.Connection
import java.sql.DriverManager
import java.sql.Types
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.time.ZoneOffset
import java.util.UUID

/**
 * Round trips every scalar codec against a real server, in both formats and both directions, under fixed session
 * settings: TimeZone Asia/Kolkata (a +05:30 offset, and LMT +05:53:28 before 1854), DateStyle ISO, IntervalStyle
 * postgres, lc_monetary C, bytea_output hex, extra_float_digits 1 (shortest round-trip floats).
 *
 * Server → us: `<typsend>(literal)` bytes through decodeBinary, the literal's output text (`concat(x)`, which unlike
 * `::text` keeps bpchar padding) through decodeText.
 * Us → server: encodeBinary must equal the `<typsend>` bytes; encodeText read back by the server must print as the
 * literal does.
 */
class ScalarCodecServerSpec : FunSpec({
    lateinit var conn: Connection

    beforeSpec {
        conn = DriverManager.getConnection(SharedPostgres.server.jdbcUrl())
        conn.createStatement().use {
            it.execute(
                "SET TimeZone = 'Asia/Kolkata'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; " +
                    "SET lc_monetary = 'C'; SET bytea_output = 'hex'; SET extra_float_digits = 1",
            )
        }
    }
    afterSpec { conn.close() }

    fun sendFunction(oid: Int): String = conn.prepareStatement("select typsend::text from pg_type where oid = ?").use { ps ->
        ps.setInt(1, oid)
        ps.executeQuery().use { rs -> rs.next(); rs.getString(1) }
    }

    fun serverText(typeSql: String, text: String): String =
        conn.prepareStatement("select concat(cast(? as $typeSql))").use { ps ->
            ps.setObject(1, text, Types.OTHER)
            ps.executeQuery().use { rs -> rs.next(); rs.getString(1) }
        }

    fun <T : Any> roundTrip(codec: PgCodec<T>, typeSql: String, literal: String, expected: T) {
        val send = sendFunction(codec.type.oid)
        val (binary, text) = conn.prepareStatement("select $send(cast(? as $typeSql)), concat(cast(? as $typeSql))").use { ps ->
            ps.setObject(1, literal, Types.OTHER)
            ps.setObject(2, literal, Types.OTHER)
            ps.executeQuery().use { rs -> rs.next(); rs.getBytes(1) to rs.getString(2) }
        }
        codec.fromText(text) shouldEqualValue expected
        serverText(typeSql, codec.text(expected)) shouldBe text
        if (codec.supportsBinary) {
            codec.fromBinary(binary) shouldEqualValue expected
            codec.binary(expected) shouldBe binary
        }
    }

    val serverVersion by lazy {
        conn.createStatement().use { st -> st.executeQuery("show server_version_num").use { rs -> rs.next(); rs.getInt(1) } }
    }

    /** Round-trip cases; [since] is the first server version (`server_version_num`) that knows the values. */
    fun <T : Any> cases(codec: PgCodec<T>, typeSql: String = codec.type.name, vararg cases: Pair<String, T>, since: Int = 0) {
        for ((literal, expected) in cases) {
            test("$typeSql '$literal'").config(enabledIf = { serverVersion >= since }) { roundTrip(codec, typeSql, literal, expected) }
        }
    }

    fun utc(y: Int, mo: Int, d: Int, h: Int = 0, mi: Int = 0, s: Int = 0, n: Int = 0) =
        OffsetDateTime.of(y, mo, d, h, mi, s, n, ZoneOffset.UTC)

    cases(BoolCodec, "bool", "t" to true, "false" to false)
    cases(ByteaCodec, "bytea", "\\x" to ByteArray(0), "\\x00ff107f80" to hex("00ff107f80"), "abc" to "abc".toByteArray())
    cases(CharCodec, "\"char\"", "a" to 'a', "" to '\u0000', "\\351" to '\u00e9')
    cases(StringCodec.NAME, "name", "pg_class" to "pg_class", "ñame" to "ñame")
    cases(Int2Codec, "int2", "0" to 0.toShort(), "32767" to Short.MAX_VALUE, "-32768" to Short.MIN_VALUE)
    cases(Int4Codec, "int4", "-1" to -1, "2147483647" to Int.MAX_VALUE, "-2147483648" to Int.MIN_VALUE)
    cases(Int8Codec, "int8", "9223372036854775807" to Long.MAX_VALUE, "-9223372036854775808" to Long.MIN_VALUE)
    cases(OidCodec, "oid", "0" to 0L, "4294967295" to 4294967295L)
    cases(
        Float4Codec, "float4",
        "1.5" to 1.5f, "NaN" to Float.NaN, "Infinity" to Float.POSITIVE_INFINITY, "-Infinity" to Float.NEGATIVE_INFINITY,
        "3.4028235e38" to Float.MAX_VALUE, "1e-45" to Float.MIN_VALUE, "-0" to -0.0f, "0.1" to 0.1f,
    )
    cases(
        Float8Codec, "float8",
        "0.1" to 0.1, "1.7976931348623157e308" to Double.MAX_VALUE, "4.9e-324" to Double.MIN_VALUE,
        "NaN" to Double.NaN, "-Infinity" to Double.NEGATIVE_INFINITY, "-0" to -0.0, "1e100" to 1e100,
    )
    val big = "9".repeat(1000) + "." + "0".repeat(999) + "1"
    cases<Number>(
        NumericCodec, "numeric",
        "0" to BigDecimal("0"), "0.00" to BigDecimal("0.00"), "1.50" to BigDecimal("1.50"),
        "-0.0001234" to BigDecimal("-0.0001234"), "123456789.123" to BigDecimal("123456789.123"),
        "10000" to BigDecimal("10000"), "1e20" to BigDecimal("100000000000000000000"),
        "NaN" to Double.NaN, "Infinity" to Double.POSITIVE_INFINITY, "-Infinity" to Double.NEGATIVE_INFINITY,
        big to BigDecimal(big), "1e-1000" to BigDecimal.ONE.movePointLeft(1000),
        "12345678901234567890.12345678901234567890" to BigDecimal("12345678901234567890.12345678901234567890"),
    )
    cases<Number>(NumericCodec, "numeric(5,-2)", "12345" to BigDecimal("12300"), since = 150000)
    cases(StringCodec.TEXT, "text", "" to "", "hello" to "hello", "héllo wörld 🎉 'q' \"d\" \\" to "héllo wörld 🎉 'q' \"d\" \\")
    cases(StringCodec.VARCHAR, "varchar(10)", "ünïcode" to "ünïcode")
    cases(StringCodec.BPCHAR, "bpchar(4)", "ab" to "ab  ")
    cases(StringCodec.XML, "xml", "<a x=\"1\">t</a>" to "<a x=\"1\">t</a>")
    cases(StringCodec.TSVECTOR, "tsvector", "a fat cat" to "'a' 'cat' 'fat'")
    cases(StringCodec.TSQUERY, "tsquery", "fat & rat" to "'fat' & 'rat'")
    cases(UuidCodec, "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" to UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
    cases(
        DateCodec, "date",
        "2020-02-29" to LocalDate.of(2020, 2, 29), "2000-01-01" to LocalDate.of(2000, 1, 1),
        "1999-12-31" to LocalDate.of(1999, 12, 31), "infinity" to LocalDate.MAX, "-infinity" to LocalDate.MIN,
        "0044-03-15 BC" to LocalDate.of(-43, 3, 15), "0001-01-01 BC" to LocalDate.of(0, 1, 1),
        "4714-11-24 BC" to LocalDate.of(-4713, 11, 24), "5874897-12-31" to LocalDate.of(5874897, 12, 31),
    )
    cases(
        TimeCodec, "time",
        "00:00" to LocalTime.MIDNIGHT, "23:59:59.999999" to LocalTime.of(23, 59, 59, 999_999_000),
        "24:00:00" to LocalTime.MAX, "12:34:56.5" to LocalTime.of(12, 34, 56, 500_000_000),
    )
    cases(
        TimeTzCodec, "timetz",
        "12:00+05:30" to OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)),
        "23:59:59.999999-15:59" to OffsetTime.of(23, 59, 59, 999_999_000, ZoneOffset.ofHoursMinutes(-15, -59)),
        "00:00:00+00" to OffsetTime.of(0, 0, 0, 0, ZoneOffset.UTC),
        "12:00:00+05:30:15" to OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(5, 30, 15)),
    )
    cases(
        TimestampCodec, "timestamp",
        "2020-01-01 12:34:56.123456" to LocalDateTime.of(2020, 1, 1, 12, 34, 56, 123_456_000),
        "1999-12-31 23:59:59.999999" to LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000),
        "infinity" to LocalDateTime.MAX, "-infinity" to LocalDateTime.MIN,
        "0044-03-15 12:00:00 BC" to LocalDateTime.of(-43, 3, 15, 12, 0),
        "4714-11-24 00:00:00 BC" to LocalDateTime.of(-4713, 11, 24, 0, 0),
        "294276-12-31 23:59:59.999999" to LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000),
    )
    cases(
        TimestampTzCodec, "timestamptz",
        "2020-06-01 12:00:00+00" to utc(2020, 6, 1, 12),
        "2020-06-01 12:00:00.5-04" to utc(2020, 6, 1, 16, 0, 0, 500_000_000),
        "1850-01-01 00:00:00+00" to utc(1850, 1, 1),
        "0044-03-15 12:00:00+00 BC" to utc(-43, 3, 15, 12),
        "294276-12-31 23:59:59.999999+00" to utc(294276, 12, 31, 23, 59, 59, 999_999_000),
        "infinity" to OffsetDateTime.MAX, "-infinity" to OffsetDateTime.MIN,
    )
    cases(
        IntervalCodec, "interval",
        "1 year 2 mons -3 days 04:05:06.7" to PgInterval(14, -3, 14_706_700_000),
        "-1 days -00:00:01" to PgInterval(0, -1, -1_000_000),
        "0" to PgInterval(0, 0, 0), "1 mon" to PgInterval(1, 0, 0), "-2147483648 days" to PgInterval(0, Int.MIN_VALUE, 0),
        "2562047788:00:54.775807" to PgInterval(0, 0, Long.MAX_VALUE),
        "-178956970 years -7 mons" to PgInterval(Int.MIN_VALUE + 1, 0, 0),
        "0.000001 secs" to PgInterval(0, 0, 1),
    )
    cases(IntervalCodec, "interval", "infinity" to PgInterval.INFINITY, "-infinity" to PgInterval.NEGATIVE_INFINITY, since = 170000)
    cases(JsonCodec.JSON, "json", """{"a": [1, 2.5, "x"],  "b":null}""" to PgJson.raw("""{"a": [1, 2.5, "x"],  "b":null}"""))
    cases(JsonCodec.JSONB, "jsonb", """{"b":1,"a":[true,null,"é"]}""" to PgJson.raw("""{"a": [true, null, "é"], "b": 1}"""))
    fun inet(text: String, bits: Int? = null): PgInet {
        val a = InetAddress.getByName(text)
        return if (bits == null) PgInet(a) else PgInet(a, bits)
    }
    cases(
        InetCodec.INET, "inet",
        "192.168.0.1" to inet("192.168.0.1"), "192.168.0.1/24" to inet("192.168.0.1", 24),
        "10.0.0.0/8" to inet("10.0.0.0", 8), "::1" to inet("::1"), "2001:db8::1/64" to inet("2001:db8::1", 64),
        "::ffff:1.2.3.4" to PgInet.parse("::ffff:1.2.3.4"),
    )
    cases(
        InetCodec.CIDR, "cidr",
        "10.0.0.0/8" to inet("10.0.0.0", 8), "2001:db8::/32" to inet("2001:db8::", 32), "192.168.1.5/32" to inet("192.168.1.5", 32),
    )
    cases(MacAddressCodec.MACADDR, "macaddr", "08:00:2b:01:02:03" to PgMacAddress(hex("08002b010203")))
    cases(MacAddressCodec.MACADDR8, "macaddr8", "08:00:2b:01:02:03:04:ff" to PgMacAddress(hex("08002b01020304ff")))
    cases(BitStringCodec.BIT, "bit(3)", "101" to PgBitString.parse("101"))
    cases(BitStringCodec.VARBIT, "varbit", "" to PgBitString.parse(""), "1" to PgBitString.parse("1"), "101010101" to PgBitString.parse("101010101"))
    cases(
        MoneyCodec, "money",
        "1234.56" to BigDecimal("1234.56"), "-0.01" to BigDecimal("-0.01"), "0" to BigDecimal("0.00"),
        "92233720368547758.07" to BigDecimal("92233720368547758.07"), "-92233720368547758.08" to BigDecimal("-92233720368547758.08"),
    )
    cases(GeometryCodec.POINT, "point", "(1,2)" to PgPoint(1.0, 2.0), "(1.5,-2.25)" to PgPoint(1.5, -2.25), "(NaN,Infinity)" to PgPoint(Double.NaN, Double.POSITIVE_INFINITY))
    cases(GeometryCodec.LINE, "line", "{1,-1,0}" to PgLine(1.0, -1.0, 0.0))
    cases(GeometryCodec.LSEG, "lseg", "[(0,0),(1,1.5)]" to PgLineSegment(PgPoint(0.0, 0.0), PgPoint(1.0, 1.5)))
    cases(GeometryCodec.BOX, "box", "(0,0),(1,1)" to PgBox(PgPoint(1.0, 1.0), PgPoint(0.0, 0.0)))
    val triangle = listOf(PgPoint(0.0, 0.0), PgPoint(1.0, 1.0), PgPoint(2.0, 0.0))
    cases(GeometryCodec.PATH, "path", "[(0,0),(1,1),(2,0)]" to PgPath(triangle, closed = false), "((0,0),(1,1),(2,0))" to PgPath(triangle, closed = true))
    cases(GeometryCodec.POLYGON, "polygon", "((0,0),(1,1),(2,0))" to PgPolygon(triangle))
    cases(GeometryCodec.CIRCLE, "circle", "<(1,2),3>" to PgCircle(PgPoint(1.0, 2.0), 3.0))

    test("bytea in the legacy escape output format decodes") {
        conn.createStatement().use { st ->
            st.execute("SET bytea_output = 'escape'")
            try {
                val text = st.executeQuery("select '\\x00ff5c41277f'::bytea::text").use { rs -> rs.next(); rs.getString(1) }
                text shouldBe "\\000\\377\\\\A'\\177"
                ByteaCodec.fromText(text) shouldBe hex("00ff5c41277f")
            } finally {
                st.execute("SET bytea_output = 'hex'")
            }
        }
    }

    test("interval text in iso_8601 style decodes") {
        conn.createStatement().use { st ->
            st.execute("SET IntervalStyle = 'iso_8601'")
            try {
                val text = st.executeQuery("select '1 year 2 mons -3 days 04:05:06.7'::interval::text").use { rs -> rs.next(); rs.getString(1) }
                text shouldBe "P1Y2M-3DT4H5M6.7S"
                IntervalCodec.fromText(text) shouldBe PgInterval(14, -3, 14_706_700_000)
            } finally {
                st.execute("SET IntervalStyle = 'postgres'")
            }
        }
    }

    test("void, as pg_advisory_lock and pg_sleep return it, is the empty string in both formats") {
        sendFunction(Oids.VOID) shouldBe "void_send"
        val (binary, text) = conn.createStatement().use { st ->
            st.executeQuery("select void_send(pg_sleep(0)), concat(pg_sleep(0))").use { rs -> rs.next(); rs.getBytes(1) to rs.getString(2) }
        }
        StringCodec.VOID.fromBinary(binary) shouldBe ""
        StringCodec.VOID.fromText(text) shouldBe ""
    }
})
