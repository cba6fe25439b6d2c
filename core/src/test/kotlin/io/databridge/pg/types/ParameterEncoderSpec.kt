package io.databridge.pg.types

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readInt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.math.BigDecimal
import java.math.BigInteger
import java.sql.DriverManager
import java.time.Duration
import java.time.Instant
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.Period
import java.time.ZoneId
import java.time.ZoneOffset
import java.time.ZonedDateTime

@Serializable
private data class Pet(val name: String, val legs: Int, val tags: List<String> = emptyList())

private enum class Mood { HAPPY }

/** Records what an array codec was handed, standing in for the containers' array codecs. */
private class RecordingArrayCodec(override val type: PgTypeIdentity) : PgCodec<Any> {
    var last: Any? = null
    override val valueClass: Class<Any> = Any::class.java
    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Any = error("not used")
    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Any = error("not used")
    override fun encodeBinary(value: Any, out: ByteWriter, context: CodecContext) {
        last = value
        out.writeByte(7)
    }
    override fun encodeText(value: Any, out: ByteWriter, context: CodecContext): Unit = encodeBinary(value, out, context)
}

class ParameterEncoderSpec : FunSpec({
    val encoder = ParameterEncoder(TypeRegistry.withBuiltins())

    /** Binds [value] as parameter [index] and returns the declared OID, format and the value bytes (without length). */
    fun bind(value: Any?, targetOid: Int = 0, index: Int = 1): Triple<Int, Format, ByteArray?> {
        val out = ByteWriter(16)
        val bound = encoder.bind(index, value, targetOid, out, ctx)
        val bytes = out.toByteArray()
        val length = readInt(bytes, 0)
        length shouldBe (if (length < 0) -1 else bytes.size - 4)
        return Triple(bound.oid, bound.format, if (length < 0) null else bytes.copyOfRange(4, bytes.size))
    }

    fun failure(value: Any?, targetOid: Int = 0, index: Int = 1): ValueEncodingException =
        shouldThrow<ValueEncodingException> { bind(value, targetOid, index) }.also { it.parameterIndex shouldBe index }

    context("types inferred from the value") {
        test("null is length -1 with OID 0") {
            bind(null) shouldBe Triple(0, Format.BINARY, null)
        }
        test("numbers, booleans, bytes and uuids") {
            bind(7).let { (oid, format, bytes) -> oid shouldBe Oids.INT4; format shouldBe Format.BINARY; bytes shouldBe hex("00000007") }
            bind(7L).third shouldBe hex("0000000000000007")
            bind(7.toShort()).first shouldBe Oids.INT2
            bind(7.toByte()).let { it.first shouldBe Oids.INT2; it.third shouldBe hex("0007") }
            bind(1.0).third shouldBe hex("3ff0000000000000")
            bind(1.0f).first shouldBe Oids.FLOAT4
            bind(BigDecimal("123456789.123")).third shouldBe hex("0004000200000003000109291a8504ce")
            bind(BigInteger.TEN.pow(30)).first shouldBe Oids.NUMERIC
            bind(true).third shouldBe hex("01")
            bind(byteArrayOf(1, 2)).let { it.first shouldBe Oids.BYTEA; it.third shouldBe hex("0102") }
            bind(java.util.UUID(1, 2)).first shouldBe Oids.UUID
        }
        test("strings, chars and enums are untyped text so the server infers the type") {
            bind("héllo") shouldBe Triple(0, Format.TEXT, "héllo".toByteArray())
            bind('x').third shouldBe "x".toByteArray()
            bind(Mood.HAPPY).third shouldBe "HAPPY".toByteArray()
        }
        test("java.time values") {
            bind(LocalDate.of(2000, 1, 2)).third shouldBe hex("00000001")
            bind(java.time.LocalTime.NOON).first shouldBe Oids.TIME
            bind(java.time.OffsetTime.of(12, 0, 0, 0, ZoneOffset.UTC)).first shouldBe Oids.TIMETZ
            bind(java.time.LocalDateTime.of(2000, 1, 1, 0, 0, 1)).let { it.first shouldBe Oids.TIMESTAMP; it.third shouldBe hex("00000000000f4240") }
            val instant = Instant.parse("2000-01-01T00:00:01Z")
            bind(instant) shouldBe Triple(Oids.TIMESTAMPTZ, Format.BINARY, hex("00000000000f4240"))
            bind(instant.atZone(ZoneId.of("Asia/Kolkata"))).third shouldBe hex("00000000000f4240")
            bind(instant.atOffset(ZoneOffset.ofHours(-3))).third shouldBe hex("00000000000f4240")
            bind(Instant.MAX).third shouldBe hex("7fffffffffffffff")
            bind(Instant.MIN).third shouldBe hex("8000000000000000")
            bind(Duration.ofSeconds(1)).let { it.first shouldBe Oids.INTERVAL; it.third shouldBe hex("00000000000f42400000000000000000") }
            bind(Period.of(1, 2, 3)).third shouldBe hex("0000000000000000" + "00000003" + "0000000e")
        }
        test("json as JsonElement, PgJson and @Serializable values") {
            val element = buildJsonObject { put("a", 1) }
            bind(element) shouldBe Triple(Oids.JSONB, Format.BINARY, byteArrayOf(1) + "{\"a\":1}".toByteArray())
            val pet = Pet("Rex", 4, listOf("good"))
            val json = PgJson.of(pet)
            json.text shouldBe """{"name":"Rex","legs":4,"tags":["good"]}"""
            bind(json).third shouldBe byteArrayOf(1) + json.text.toByteArray()
            json.decode<Pet>() shouldBe pet
            PgJson.of(pet, Pet.serializer()) shouldBe json
            JsonCodec.JSONB.fromBinary(JsonCodec.JSONB.binary(json)).decode(Pet.serializer()) shouldBe pet
            json.toJsonElement() shouldBe buildJsonObject {
                put("name", "Rex"); put("legs", 4); put("tags", kotlinx.serialization.json.JsonArray(listOf(JsonPrimitive("good"))))
            }
        }
        test("network, bit string and geometric value classes") {
            bind(PgInet.parse("10.0.0.0/8")).first shouldBe Oids.INET
            bind(java.net.InetAddress.getByAddress(byteArrayOf(1, 2, 3, 4))).third shouldBe hex("0220000401020304")
            bind(PgMacAddress(ByteArray(6))).first shouldBe Oids.MACADDR
            bind(PgMacAddress(ByteArray(8))).first shouldBe Oids.MACADDR8
            bind(PgBitString.parse("1")).first shouldBe Oids.VARBIT
            bind(PgPoint(0.0, 0.0)).first shouldBe Oids.POINT
            bind(PgCircle(PgPoint(0.0, 0.0), 1.0)).first shouldBe Oids.CIRCLE
        }
        test("a non-null value without a codec is refused, not sent as NULL") {
            shouldThrow<ValueEncodingException> { encoder.write(6, 1, null, ByteWriter(), ctx) }.parameterIndex shouldBe 6
        }
        test("a class nobody binds is refused") {
            failure(Any(), index = 4).message shouldContain "\$4"
        }
    }

    context("conversions to the server's parameter type") {
        test("integers widen and narrow when they fit") {
            bind(7, Oids.INT8).third shouldBe hex("0000000000000007")
            bind(7L, Oids.INT2).third shouldBe hex("0007")
            bind(BigDecimal("7.000"), Oids.INT4).third shouldBe hex("00000007")
            bind(4294967295L, Oids.OID).third shouldBe hex("ffffffff")
            bind(7, Oids.NUMERIC).third shouldBe hex("0001000000000000" + "0007")
            bind(7, Oids.FLOAT8).third shouldBe hex("401c000000000000")
            bind(7, Oids.MONEY).third shouldBe hex("00000000000002bc")
        }
        test("an integer out of the target's range fails before anything is sent") {
            failure(40000, Oids.INT2, index = 3).message shouldContain "parameter \$3"
            failure(Long.MAX_VALUE, Oids.INT4).reason shouldContain "int4"
            failure(BigInteger.TWO.pow(63), Oids.INT8)
            failure(-1L, Oids.OID)
            failure(BigDecimal("1.5"), Oids.INT4)
            failure(1e300, Oids.FLOAT4)
        }
        test("NaN and infinities go into numeric") {
            bind(Double.NaN, Oids.NUMERIC).third shouldBe hex("00000000c0000000")
            bind(Float.NEGATIVE_INFINITY, Oids.NUMERIC).third shouldBe hex("00000000f0000020")
        }
        test("numeric beyond its limits") {
            failure(BigDecimal.ONE.movePointLeft(20000), Oids.NUMERIC, index = 2).message shouldContain "\$2"
            failure(BigDecimal.ONE.movePointRight(200000)).reason shouldContain "numeric"
        }
        test("strings with a NUL byte are refused for every text type") {
            for (oid in listOf(Oids.TEXT, Oids.VARCHAR, Oids.BPCHAR, Oids.NAME, Oids.XML, Oids.JSON)) {
                failure("a\u0000b", oid, index = 5).reason shouldContain "NUL"
            }
            failure("a\u0000b").reason shouldContain "NUL"
        }
        test("dates outside PostgreSQL's range are refused; infinity is allowed") {
            failure(LocalDate.of(-5000, 1, 1), Oids.DATE, index = 2).message shouldContain "\$2"
            failure(LocalDate.of(6_000_000, 1, 1))
            bind(LocalDate.MAX, Oids.DATE).third shouldBe hex("7fffffff")
            failure(OffsetDateTime.of(300000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), Oids.TIMESTAMPTZ).message shouldNotContain "300000"
        }
        test("strings only into string-like types") {
            bind("x", Oids.VARCHAR) shouldBe Triple(Oids.VARCHAR, Format.BINARY, "x".toByteArray())
            bind("{}", Oids.JSONB).third shouldBe hex("017b7d")
            bind("x", Oids.CHAR).third shouldBe hex("78")
            failure("42", Oids.INT4).reason shouldContain "int4"
            failure("xy", Oids.CHAR)
            bind("a b", Oids.TSVECTOR) shouldBe Triple(Oids.TSVECTOR, Format.TEXT, "a b".toByteArray())
        }
        test("an unknown target OID takes text, other values are refused") {
            bind("happy", 98765) shouldBe Triple(98765, Format.TEXT, "happy".toByteArray())
            bind(Mood.HAPPY, 98765).third shouldBe "HAPPY".toByteArray()
            failure(5, 98765).reason shouldContain "98765"
        }
        test("time values convert into the timestamptz and interval targets") {
            bind(Instant.parse("2000-01-01T00:00:00Z"), Oids.TIMESTAMPTZ).third shouldBe hex("0000000000000000")
            bind(Duration.ofMinutes(1), Oids.INTERVAL).third shouldBe hex("0000000003938700" + "0000000000000000")
            failure(Instant.EPOCH, Oids.DATE)
            failure(Duration.ofSeconds(Long.MAX_VALUE), Oids.INTERVAL).reason shouldContain "interval"
        }
    }

    context("lists and arrays go to the array codec of the element type") {
        val registry = TypeRegistry.withBuiltins()
        val int4s = RecordingArrayCodec(PgTypeIdentity("_int4", Oids.INT4_ARRAY))
        val int8s = RecordingArrayCodec(PgTypeIdentity("_int8", Oids.INT8_ARRAY))
        val texts = RecordingArrayCodec(PgTypeIdentity("_text", Oids.TEXT_ARRAY))
        registry.register(int4s, bindsClass = false).register(int8s, bindsClass = false).register(texts, bindsClass = false)
        val arrays = ParameterEncoder(registry)

        test("the element type picks the array OID and the value is handed over unchanged") {
            val list = listOf(null, 1, 2)
            arrays.resolve(1, list) shouldBe int4s
            arrays.resolve(1, arrayOf(1L)) shouldBe int8s
            arrays.resolve(1, longArrayOf(1)) shouldBe int8s
            arrays.resolve(1, listOf("a")) shouldBe texts
            arrays.resolve(1, emptyList<Int>()) shouldBe texts
            val out = ByteWriter()
            arrays.bind(1, list, 0, out, ctx) shouldBe BoundParameter(Oids.INT4_ARRAY, Format.BINARY)
            int4s.last shouldBe list
            out.toByteArray() shouldBe hex("0000000107")
        }
        test("the server's array type is honoured") {
            arrays.resolve(1, listOf(1), Oids.INT8_ARRAY) shouldBe int8s
        }
        test("without array codecs the failure names the array type") {
            val scalarsOnly = ParameterEncoder(TypeRegistry().also(::registerScalarCodecs))
            val e = shouldThrow<ValueEncodingException> { scalarsOnly.resolve(2, listOf(1)) }
            e.parameterIndex shouldBe 2
            e.reason shouldContain "${Oids.INT4_ARRAY}"
        }
    }

    test("converted values are byte-identical to the server's send output") {
        DriverManager.getConnection(SharedPostgres.server.jdbcUrl()).use { conn ->
            fun send(sql: String): ByteArray = conn.createStatement().use { st -> st.executeQuery("select $sql").use { rs -> rs.next(); rs.getBytes(1) } }
            bind(Instant.parse("1969-07-20T20:17:40.123456Z")).third shouldBe send("timestamptz_send('1969-07-20 20:17:40.123456+00')")
            bind(ZonedDateTime.of(2020, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Paris"))).third shouldBe
                send("timestamptz_send('2020-03-29 03:30:00 Europe/Paris')")
            bind(Duration.ofHours(-25).plusNanos(1000)).third shouldBe send("interval_send('-24:59:59.999999')")
            bind(Period.of(1, 2, 3)).third shouldBe send("interval_send('1 year 2 mons 3 days')")
            bind(7, Oids.INT2).third shouldBe send("int2send(7::int2)")
            bind(Double.POSITIVE_INFINITY, Oids.NUMERIC).third shouldBe send("numeric_send('Infinity')")
        }
    }
})
