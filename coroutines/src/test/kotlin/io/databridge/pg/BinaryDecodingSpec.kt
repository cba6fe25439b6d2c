package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.statement.BinaryDecoding
import io.databridge.pg.types.BuiltinTypes
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.Int4Codec
import io.databridge.pg.types.PgCodec
import io.databridge.pg.types.PgTypeIdentity
import io.databridge.pg.types.StringCodec
import io.databridge.pg.types.TextFallbackCodec
import io.databridge.pg.types.TypeRegistry
import io.databridge.pg.protocol.ByteWriter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

/** An int4 codec of a user's own, registered over the built-in one: it must keep decoding that type. */
private object TaggedInt4Codec : PgCodec<String> {
    override val type: PgTypeIdentity = BuiltinTypes.INT4
    override val valueClass: Class<String> = String::class.java
    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): String =
        "int:" + Int4Codec.decodeBinary(buf, offset, length, context)
    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): String =
        "int:" + Int4Codec.decodeText(buf, offset, length, context)
    override fun encodeBinary(value: String, out: ByteWriter, context: CodecContext) =
        Int4Codec.encodeBinary(value.removePrefix("int:").toInt(), out, context)
    override fun encodeText(value: String, out: ByteWriter, context: CodecContext) =
        Int4Codec.encodeText(value.removePrefix("int:").toInt(), out, context)
}

/**
 * Row decoding switches on a per-column kind for the common built-in codecs ([BinaryDecoding]); everything else,
 * including a codec a user registered over a built-in type, still goes through its own `decodeBinary`.
 */
class BinaryDecodingSpec : FunSpec({
    val url = SharedPostgres.server.url()

    test("only the built-in codecs themselves get a kind of their own") {
        BinaryDecoding.kindOf(StringCodec.TEXT) shouldNotBe BinaryDecoding.OTHER
        BinaryDecoding.kindOf(Int4Codec) shouldNotBe BinaryDecoding.OTHER
        BinaryDecoding.kindOf(TextFallbackCodec(PgTypeIdentity("mystery", 99_999))) shouldBe BinaryDecoding.OTHER
        BinaryDecoding.kindOf(TaggedInt4Codec) shouldBe BinaryDecoding.OTHER
        BinaryDecoding.kindOf(null) shouldBe BinaryDecoding.OTHER
    }

    test("every common type reads back through its kind as the codec decodes it") {
        PgConnection.connect(url).use { c ->
            val row = c.query(
                "SELECT 'näme'::text, 7::int4, 8::int8, true, 1.5::float8, 12.345::numeric, " +
                    "'0e37df36-f698-11e6-8dd4-cb9ced3df976'::uuid, '2024-03-10 12:00:00.5+00'::timestamptz, " +
                    "'2024-03-10 12:00:00.5'::timestamp, '2024-03-10'::date, '\\x00ff'::bytea, 'v'::varchar, '{\"a\":1}'::jsonb",
            ).rows.single()
            row.toList().map { if (it is ByteArray) it.toList() else it } shouldBe listOf(
                "näme", 7, 8L, true, 1.5, java.math.BigDecimal("12.345"),
                java.util.UUID.fromString("0e37df36-f698-11e6-8dd4-cb9ced3df976"),
                java.time.OffsetDateTime.parse("2024-03-10T12:00:00.5Z"),
                java.time.LocalDateTime.parse("2024-03-10T12:00:00.5"), java.time.LocalDate.parse("2024-03-10"),
                listOf(0.toByte(), 0xff.toByte()), "v", io.databridge.pg.types.PgJson.raw("{\"a\": 1}"),
            )
        }
    }

    test("a codec registered over a built-in type keeps decoding it") {
        val registry = TypeRegistry.withBuiltins().register(TaggedInt4Codec, bindsClass = false, replace = true)
        PgConnection.connect(url, ConnectOptions(types = registry)).use { c ->
            c.query("SELECT 42::int4 WHERE \$1", true).rows.single().getObject(0) shouldBe "int:42"
        }
    }
})
