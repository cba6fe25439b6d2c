package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.time.ZoneOffset
import java.util.UUID

/** Byte-level encodings (from PostgreSQL's send functions), edge values and malformed input for each codec. */
class ScalarCodecUnitSpec : FunSpec({
    context("known binary encodings") {
        test("integers are big-endian two's complement") {
            Int2Codec.binary(-2) shouldBe hex("fffe")
            Int4Codec.binary(0x01020304) shouldBe hex("01020304")
            Int8Codec.binary(Long.MIN_VALUE) shouldBe hex("8000000000000000")
            OidCodec.fromBinary(hex("ffffffff")) shouldBe 4294967295L
            BoolCodec.binary(true) shouldBe hex("01")
        }
        test("floats are IEEE 754 bits") {
            Float8Codec.binary(1.0) shouldBe hex("3ff0000000000000")
            Float4Codec.binary(Float.NEGATIVE_INFINITY) shouldBe hex("ff800000")
            Float8Codec.fromBinary(hex("7ff8000000000000")).isNaN() shouldBe true
        }
        test("numeric is base-10000 digits with weight, sign and display scale") {
            // numeric_send(123456789.123): 4 digits, weight 2, positive, dscale 3: 1 2345 6789 1230
            NumericCodec.binary(BigDecimal("123456789.123")) shouldBe hex("0004000200000003000109291a8504ce")
            NumericCodec.binary(BigDecimal("-0.0001234")) shouldBe hex("0002ffff4000000700010924")
            NumericCodec.binary(BigDecimal("0.00")) shouldBe hex("0000000000000002")
            NumericCodec.binary(BigDecimal("1E+5")) shouldBe hex("0001000100000000000a")
            NumericCodec.binary(Double.NaN) shouldBe hex("00000000c0000000")
            NumericCodec.fromBinary(hex("00000000f0000020")) shouldBe Double.NEGATIVE_INFINITY
            NumericCodec.fromBinary(hex("0004000200000003000109291a8504ce")) shouldBe BigDecimal("123456789.123")
        }
        test("numeric keeps any precision and negative weights") {
            val huge = BigDecimal("1" + "0".repeat(5000) + ".5")
            NumericCodec.fromBinary(NumericCodec.binary(huge)) shouldBe huge
            val tiny = BigDecimal.ONE.movePointLeft(16383)
            NumericCodec.fromBinary(NumericCodec.binary(tiny)) shouldBe tiny
            NumericCodec.fromBinary(NumericCodec.binary(BigDecimal("-98765432109876543210.0123456789"))) shouldBe
                BigDecimal("-98765432109876543210.0123456789")
        }
        test("numeric values that fit a Long decode to the same value and display scale as the general path") {
            // 1.50: digits 1 5000, weight 0, dscale 2 (the scale of the groups, 4, is cut to 2)
            NumericCodec.fromBinary(hex("000200000000000200011388")).let { (it as BigDecimal).scale() shouldBe 2; it shouldBe BigDecimal("1.50") }
            // 10000: digit 1 at weight 1, dscale 0 (the groups' scale is -4)
            NumericCodec.fromBinary(hex("0001000100000000" + "0001")) shouldBe BigDecimal("10000")
            // 1 with dscale 30: 10^30 does not fit a Long, so the general path takes it
            NumericCodec.fromBinary(hex("000100000000001e" + "0001")) shouldBe BigDecimal.ONE.setScale(30)
            // -0.00 keeps its scale; a negative zero is zero
            NumericCodec.fromBinary(hex("0000000040000002")) shouldBe BigDecimal("0.00")
            for (text in listOf("9999999999999999", "-1234567890123.4567", "0.000000000000000001", "-0.5", "120.50", "1E+12")) {
                val d = BigDecimal(text)
                NumericCodec.fromBinary(NumericCodec.binary(d)) shouldBe d.setScale(d.scale().coerceAtLeast(0))
            }
        }
        test("numeric digits beyond the display scale are malformed on both paths") {
            // 1.5 sent with dscale 0
            shouldThrow<ValueDecodingException> { NumericCodec.fromBinary(hex("000200000000000000011388")) }
            // 12345678901234567890.5 sent with dscale 0: five groups, the BigInteger path
            shouldThrow<ValueDecodingException> {
                NumericCodec.fromBinary(hex("0006000400000000" + "04d2" + "162e" + "2334" + "0d80" + "1ed2" + "1388"))
            }
        }
        test("date, timestamp and time count from 2000-01-01 in days and microseconds") {
            DateCodec.binary(LocalDate.of(2000, 1, 2)) shouldBe hex("00000001")
            DateCodec.binary(LocalDate.MAX) shouldBe hex("7fffffff")
            DateCodec.fromBinary(hex("80000000")) shouldBe LocalDate.MIN
            DateCodec.binary(LocalDate.of(-4713, 11, 24)) shouldBe hex("ffda97a7")
            TimestampCodec.binary(LocalDateTime.of(-4713, 11, 24, 0, 0)) shouldBe hex("fd0f7cc1411fa000")
            TimestampCodec.binary(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000)) shouldBe hex("ffffffffffffffff")
            TimestampTzCodec.fromBinary(hex("7fffffffffffffff")) shouldBe OffsetDateTime.MAX
            TimeCodec.binary(LocalTime.MAX) shouldBe hex("000000141dd76000")
            // timetz stores the zone as seconds west of UTC: +05:30 is -19800.
            TimeTzCodec.binary(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30))) shouldBe hex("0000000a0eebb000ffffb2a8")
        }
        test("sub-microsecond digits are truncated") {
            TimeCodec.binary(LocalTime.of(0, 0, 0, 1999)) shouldBe hex("0000000000000001")
            TimestampCodec.text(LocalDateTime.of(2020, 1, 1, 0, 0, 0, 1999)) shouldBe "2020-01-01 00:00:00.000001"
        }
        test("interval is microseconds, days, months") {
            IntervalCodec.binary(PgInterval(0, 1, 7_200_000_000)) shouldBe hex("00000001ad2748000000000100000000")
        }
        test("uuid, inet, macaddr, bit strings and geometry") {
            UuidCodec.binary(UUID.fromString("00010203-0405-0607-0809-0a0b0c0d0e0f")) shouldBe hex("000102030405060708090a0b0c0d0e0f")
            InetCodec.CIDR.binary(PgInet.parse("10.0.0.0/8")) shouldBe hex("020801040a000000")
            InetCodec.INET.binary(PgInet.parse("::ffff:1.2.3.4")) shouldBe hex("0380001000000000000000000000ffff01020304")
            MacAddressCodec.MACADDR.binary(PgMacAddress.parse("08-00-2b-01-02-03")) shouldBe hex("08002b010203")
            BitStringCodec.VARBIT.binary(PgBitString.parse("101010101")) shouldBe hex("00000009aa80")
            GeometryCodec.POINT.binary(PgPoint(1.0, 2.0)) shouldBe hex("3ff00000000000004000000000000000")
            GeometryCodec.PATH.binary(PgPath(listOf(PgPoint(0.0, 0.0)), closed = true)) shouldBe
                hex("010000000100000000000000000000000000000000")
        }
        test("jsonb carries a version byte, json does not") {
            JsonCodec.JSONB.binary(PgJson.raw("{}")) shouldBe hex("017b7d")
            JsonCodec.JSON.binary(PgJson.raw("{}")) shouldBe hex("7b7d")
            JsonCodec.JSONB.fromBinary(hex("017b7d")) shouldBe PgJson.raw("{}")
        }
        test("json and jsonb read straight to their text, the version byte checked") {
            val framed = hex("ff017b7dff")
            JsonCodec.JSONB.decodeBinaryText(framed, 1, 3) shouldBe "{}"
            JsonCodec.JSON.decodeBinaryText(framed, 2, 2) shouldBe "{}"
            shouldThrow<ValueDecodingException> { JsonCodec.JSONB.decodeBinaryText(hex("027b7d"), 0, 3) }.message shouldContain "version 2"
            shouldThrow<ValueDecodingException> { JsonCodec.JSONB.decodeBinaryText(ByteArray(0), 0, 0) }
        }
        test("money is int8 cents") {
            MoneyCodec.binary(BigDecimal("-1.5")) shouldBe hex("ffffffffffffff6a")
            MoneyCodec.fromBinary(hex("ffffffffffffff6a")) shouldBe BigDecimal("-1.50")
        }
    }

    context("text forms") {
        test("bytea hex and escape") {
            ByteaCodec.text(hex("00ff")) shouldBe "\\x00ff"
            ByteaCodec.fromText("\\x00FF") shouldBe hex("00ff")
            ByteaCodec.fromText("a\\\\b\\001") shouldBe "a\\b\u0001".toByteArray()
        }
        test("dates with BC, five-digit years and infinity") {
            DateCodec.text(LocalDate.of(0, 1, 1)) shouldBe "0001-01-01 BC"
            DateCodec.text(LocalDate.of(10000, 1, 1)) shouldBe "10000-01-01"
            DateCodec.text(LocalDate.MIN) shouldBe "-infinity"
            TimestampTzCodec.fromText("2020-06-01 17:30:00+05:30") shouldBe OffsetDateTime.of(2020, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC)
            TimestampTzCodec.fromText("1850-01-01 00:00:00+05:53:28") shouldBe OffsetDateTime.of(1849, 12, 31, 18, 6, 32, 0, ZoneOffset.UTC)
            TimestampTzCodec.fromText("0044-03-15 12:00:00+00 BC").year shouldBe -43
        }
        test("intervals in postgres, postgres_verbose and iso_8601 styles") {
            IntervalCodec.fromText("1 year 2 mons -3 days +04:05:06.7") shouldBe PgInterval(14, -3, 14_706_700_000)
            IntervalCodec.fromText("@ 1 day 2 hours 3 mins 4.5 secs ago") shouldBe PgInterval(0, -1, -7_384_500_000)
            IntervalCodec.fromText("P-1DT-1S") shouldBe PgInterval(0, -1, -1_000_000)
            IntervalCodec.fromText("PT0S") shouldBe PgInterval(0, 0, 0)
            IntervalCodec.text(PgInterval(14, -3, -1)) shouldBe "14 mons -3 days -00:00:00.000001"
        }
        test("interval conversions to java.time") {
            PgInterval.of(java.time.Duration.ofMillis(-1500)) shouldBe PgInterval(0, 0, -1_500_000)
            PgInterval.of(java.time.Period.of(1, 2, 3)) shouldBe PgInterval(14, 3, 0)
            PgInterval(14, 3, 0).toPeriod() shouldBe java.time.Period.of(1, 2, 3)
            PgInterval(1, 1, 1).toDuration() shouldBe java.time.Duration.ofDays(31).plusNanos(1000)
            shouldThrow<IllegalArgumentException> { PgInterval(0, 0, 1).toPeriod() }
        }
        test("floats print NaN and infinities as PostgreSQL spells them") {
            Float8Codec.text(Double.NaN) shouldBe "NaN"
            Float8Codec.text(Double.NEGATIVE_INFINITY) shouldBe "-Infinity"
            Float4Codec.fromText("Infinity") shouldBe Float.POSITIVE_INFINITY
            NumericCodec.text(Double.POSITIVE_INFINITY) shouldBe "Infinity"
            NumericCodec.text(BigDecimal("1E+3")) shouldBe "1000"
        }
        test("\"char\" text escapes high bytes in octal") {
            CharCodec.text('\u00e9') shouldBe "\\351"
            CharCodec.fromText("\\351") shouldBe '\u00e9'
            CharCodec.text('\u0000') shouldBe ""
        }
        test("money text drops currency symbols and group separators") {
            MoneyCodec.fromText("-\$1,234.56") shouldBe BigDecimal("-1234.56")
            MoneyCodec.fromText("1.234,56 €") shouldBe BigDecimal("1234.56")
            MoneyCodec.fromText("\$1,234") shouldBe BigDecimal("1234.00")
        }
        test("ipv6 parsing never resolves names and keeps mapped addresses IPv6") {
            PgInet.parse("::ffff:1.2.3.4").address.javaClass shouldBe java.net.Inet6Address::class.java
            PgInet.parse("2001:db8::1/64").prefixLength shouldBe 64
            shouldThrow<ValueDecodingException> { InetCodec.INET.fromText("localhost") }
        }
    }

    context("malformed input fails with ValueDecodingException naming the type") {
        suspend fun <T : Any> badBinary(codec: PgCodec<T>, bytes: String) = test("${codec.type.name} binary $bytes") {
            shouldThrow<ValueDecodingException> { codec.fromBinary(hex(bytes)) }.message shouldContain codec.type.name
        }
        suspend fun <T : Any> badText(codec: PgCodec<T>, text: String) = test("${codec.type.name} text '$text'") {
            shouldThrow<ValueDecodingException> { codec.fromText(text) }.message shouldContain codec.type.name
        }
        badBinary(BoolCodec, "02")
        badBinary(Int2Codec, "000000")
        badBinary(Int4Codec, "000000")
        badBinary(Int8Codec, "00")
        badBinary(OidCodec, "")
        badBinary(Float4Codec, "0000000000")
        badBinary(Float8Codec, "00000000")
        badBinary(CharCodec, "0000")
        badBinary(UuidCodec, "0001")
        badBinary(NumericCodec, "000100000000")
        badBinary(NumericCodec, "0001000000000000ffff")
        badBinary(NumericCodec, "0001000012340000000a")
        badBinary(NumericCodec, "00010000000000002710")
        badBinary(NumericCodec, "00010000000080000001")
        badBinary(DateCodec, "000000")
        badBinary(TimeCodec, "000000141dd76001")
        badBinary(TimeTzCodec, "0000000000000000")
        badBinary(TimeTzCodec, "000000000000000000010000")
        badBinary(TimestampCodec, "00")
        badBinary(TimestampTzCodec, "")
        badBinary(IntervalCodec, "0000000000000000")
        badBinary(JsonCodec.JSONB, "027b7d")
        badBinary(JsonCodec.JSONB, "")
        badBinary(InetCodec.INET, "0420000401020304")
        badBinary(InetCodec.INET, "02200005010203040a")
        badBinary(InetCodec.INET, "0221000401020304")
        badBinary(MacAddressCodec.MACADDR, "08002b0102")
        badBinary(MacAddressCodec.MACADDR8, "08002b010203")
        badBinary(BitStringCodec.VARBIT, "00000009aa")
        badBinary(BitStringCodec.VARBIT, "00000009aaff")
        badBinary(MoneyCodec, "0000")
        badBinary(GeometryCodec.POINT, "3ff0000000000000")
        badBinary(GeometryCodec.CIRCLE, "3ff00000000000003ff00000000000003ff000000000000000")
        badBinary(GeometryCodec.PATH, "0200000000")
        badBinary(GeometryCodec.POLYGON, "00000002" + "00".repeat(16))
        badBinary(GeometryCodec.POLYGON, "ffffffff")
        badText(BoolCodec, "maybe")
        badText(Int2Codec, "32768")
        badText(Int4Codec, "12x")
        badText(Int4Codec, "")
        badText(Int4Codec, "-")
        badText(Int8Codec, "9223372036854775808")
        badText(OidCodec, "-1")
        badText(Float8Codec, "0x1p3")
        badText(Float8Codec, "1d")
        badText(NumericCodec, "1.2.3")
        badText(ByteaCodec, "\\x0")
        badText(ByteaCodec, "\\xzz")
        badText(ByteaCodec, "\\12")
        badText(ByteaCodec, "\\999")
        badText(CharCodec, "ab")
        badText(UuidCodec, "a0eebc999c0b4ef8bb6d6bb9bd380a11")
        badText(DateCodec, "2020-13-01")
        badText(DateCodec, "2020-01-01x")
        badText(DateCodec, "01/02/2020")
        badText(TimeCodec, "25:00:00")
        badText(TimeCodec, "12:00")
        badText(TimeTzCodec, "12:00:00")
        badText(TimestampCodec, "2020-01-01")
        badText(TimestampTzCodec, "2020-01-01 00:00:00")
        badText(IntervalCodec, "1 fortnight")
        badText(IntervalCodec, "P1X")
        badText(InetCodec.INET, "300.1.1.1")
        badText(InetCodec.INET, "1::2::3")
        badText(InetCodec.INET, "10.0.0.1/33")
        badText(MacAddressCodec.MACADDR, "08:00:2b:01:02")
        badText(MacAddressCodec.MACADDR, "08:00:2b:01:02:03:04:05")
        badText(BitStringCodec.BIT, "102")
        badText(MoneyCodec, "\$")
        badText(GeometryCodec.POINT, "(1)")
        badText(GeometryCodec.CIRCLE, "<(1,2)>")
        badText(GeometryCodec.PATH, "[(1,2),(3)]")
        test("timestamp text in a non-ISO DateStyle is refused") {
            val german = TestCodecContext(mapOf("DateStyle" to "German, DMY"))
            val bytes = "01.02.2020".toByteArray()
            shouldThrow<ValueDecodingException> { DateCodec.decodeText(bytes, 0, bytes.size, german) }.message shouldContain "DateStyle"
        }
    }

    context("values a type cannot hold fail with ValueEncodingException") {
        test("text with a NUL character") {
            shouldThrow<ValueEncodingException> { StringCodec.TEXT.text("a\u0000b") }.message shouldContain "NUL"
            shouldThrow<ValueEncodingException> { JsonCodec.JSONB.binary(PgJson.raw("\"\u0000\"")) }
        }
        test("names longer than 63 bytes") {
            shouldThrow<ValueEncodingException> { StringCodec.NAME.binary("é".repeat(32)) }
            StringCodec.NAME.text("x".repeat(63)) shouldBe "x".repeat(63)
        }
        test("dates and timestamps outside PostgreSQL's range") {
            shouldThrow<ValueEncodingException> { DateCodec.binary(LocalDate.of(-4713, 11, 23)) }
            shouldThrow<ValueEncodingException> { DateCodec.text(LocalDate.of(5874898, 1, 1)) }
            shouldThrow<ValueEncodingException> { TimestampCodec.binary(LocalDateTime.of(294277, 1, 1, 0, 0)) }
            shouldThrow<ValueEncodingException> { TimestampTzCodec.binary(OffsetDateTime.of(LocalDateTime.of(-999_999_999, 1, 1, 0, 1), ZoneOffset.MAX)) }
                .message shouldNotContain "999999999"
        }
        test("numeric beyond its limits") {
            shouldThrow<ValueEncodingException> { NumericCodec.binary(BigDecimal.ONE.movePointLeft(16384)) }
            shouldThrow<ValueEncodingException> { NumericCodec.binary(BigDecimal.ONE.movePointRight(131072)) }
            NumericCodec.fromBinary(NumericCodec.binary(BigDecimal.ONE.movePointRight(131071))) shouldBe BigDecimal.ONE.movePointRight(131071).setScale(0)
        }
        test("money with fractions of a cent or beyond int8") {
            shouldThrow<ValueEncodingException> { MoneyCodec.binary(BigDecimal("0.001")) }
            shouldThrow<ValueEncodingException> { MoneyCodec.binary(BigDecimal("92233720368547758.08")) }
        }
        test("other out-of-range values") {
            shouldThrow<ValueEncodingException> { OidCodec.binary(-1L) }
            shouldThrow<ValueEncodingException> { CharCodec.binary('\u0100') }
            shouldThrow<ValueEncodingException> { TimeTzCodec.binary(OffsetTime.of(0, 0, 0, 0, ZoneOffset.ofHours(16))) }
            shouldThrow<ValueEncodingException> { InetCodec.CIDR.binary(PgInet.parse("10.0.0.1/8")) }
            shouldThrow<ValueEncodingException> { MacAddressCodec.MACADDR.binary(PgMacAddress(ByteArray(8))) }
            shouldThrow<ValueEncodingException> { StringCodec.TSVECTOR.binary("a") }
        }
    }

    test("the registry knows every scalar type by OID, name and array OID") {
        val registry = TypeRegistry.withBuiltins()
        for (codec in SCALAR_CODECS) {
            registry.codecFor(codec.type.oid) shouldBe codec
            registry.codecFor(codec.type.name) shouldBe codec
            (codec.type.arrayOid != 0 || codec === StringCodec.VOID) shouldBe true
        }
        registry.codecForClass(String::class.java) shouldBe StringCodec.TEXT
        registry.codecForClass(java.lang.Long::class.java) shouldBe Int8Codec
        registry.codecForClass(BigDecimal::class.java) shouldBe NumericCodec
        registry.codecForClass(PgJson::class.java) shouldBe JsonCodec.JSONB
        TextFallbackCodec.forOid(99999).fromText("x") shouldBe "x"
        TextFallbackCodec.forOid(99999).supportsBinary shouldBe false
    }
})
