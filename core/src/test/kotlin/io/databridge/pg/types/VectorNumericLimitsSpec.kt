package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.ByteWriter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.math.BigDecimal

class VectorNumericLimitsSpec : FunSpec({
    test("int2vector binary is a one-dimensional int2 array with lower bound 0, as the server requires") {
        IntVectorCodec.INT2VECTOR.binary(listOf(1, 2)) shouldBe hex("00000001" + "00000000" + "00000015" + "00000002" + "00000000" + "00000002" + "0001" + "00000002" + "0002")
        IntVectorCodec.INT2VECTOR.fromBinary(IntVectorCodec.INT2VECTOR.binary(listOf(1, -2))) shouldBe listOf<Short>(1, -2)
        IntVectorCodec.OIDVECTOR.fromBinary(IntVectorCodec.OIDVECTOR.binary(listOf(23L, 4_000_000_000L))) shouldBe listOf(23L, 4_000_000_000L)
    }

    test("vector text is space-separated numbers, both ways") {
        IntVectorCodec.INT2VECTOR.fromText("1 2  3") shouldBe listOf<Short>(1, 2, 3)
        IntVectorCodec.INT2VECTOR.fromText("") shouldBe emptyList<Short>()
        IntVectorCodec.OIDVECTOR.text(listOf(23L, 25L)) shouldBe "23 25"
    }

    test("vectors refuse NULL elements and numbers out of the element range") {
        shouldThrow<ValueEncodingException> { IntVectorCodec.INT2VECTOR.binary(listOf(1, null)) }
        shouldThrow<ValueEncodingException> { IntVectorCodec.INT2VECTOR.binary(listOf(40_000)) }
        shouldThrow<ValueEncodingException> { IntVectorCodec.OIDVECTOR.binary(listOf(-1L)) }
        shouldThrow<ValueDecodingException> { IntVectorCodec.INT2VECTOR.fromText("1 x") }
    }

    test("a numeric with more than 32,767 base-10000 digits decodes (the digit count is unsigned)") {
        val digits = "9".repeat(131_072) + "." + "9".repeat(16_383)
        val bytes = NumericCodec.binary(BigDecimal(digits))
        ((bytes[0].toInt() and 0xff) shl 8 or (bytes[1].toInt() and 0xff)) shouldBe 32_768 + 4_096
        NumericCodec.fromBinary(bytes) shouldBe BigDecimal(digits)
    }

    test("an array whose lower bound is not 1 decodes to a PgArray that encodes back to the same bytes and text") {
        val codec = ctx.registry.codecFor(Oids.INT4_ARRAY) as ArrayCodec
        val text = "[0:2]={1,NULL,3}"
        val value = codec.fromText(text).shouldBeInstanceOf<PgArray>()
        value shouldBe PgArray(listOf(3), listOf(0), listOf(1, null, 3))
        codec.text(value) shouldBe text
        codec.fromBinary(codec.binary(value)) shouldBe value
        codec.fromText("{1,2}") shouldBe listOf(1, 2)
    }

    test("an anonymous record field of a type without a codec keeps its bytes; unknown (705) is text") {
        val record = ctx.registry.codecFor(2249)!!
        val bytes = hex("00000002" + "000002c1" + "00000001" + "61" + "00012345" + "00000002" + "0102")
        val value = record.decodeBinary(bytes, 0, bytes.size, ctx) as PgComposite
        value.values[0] shouldBe "a"
        (value.values[1] as ByteArray).toList() shouldBe listOf<Byte>(1, 2)
    }

    test("interval text under IntervalStyle=sql_standard is refused naming the setting") {
        val sqlStandard = TestCodecContext(mapOf("IntervalStyle" to "sql_standard"))
        val bytes = "1 2:00:00".toByteArray()
        shouldThrow<ValueDecodingException> { IntervalCodec.decodeText(bytes, 0, bytes.size, sqlStandard) }
            .message shouldContain "IntervalStyle 'sql_standard'"
    }

    test("a text value with a lone surrogate is refused as a ValueEncodingException by the parameter encoder") {
        val encoder = ParameterEncoder(ctx.registry)
        shouldThrow<ValueEncodingException> { encoder.bind(1, "x\uD800", Oids.TEXT, ByteWriter(16), ctx) }.message shouldContain "surrogate"
    }
})
