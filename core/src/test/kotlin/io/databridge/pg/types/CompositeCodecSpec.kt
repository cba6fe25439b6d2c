package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

private enum class Temper { SAD, OK, HAPPY }

class CompositeCodecSpec : FunSpec({
    val server = ServerConnection()
    afterSpec { server.close() }
    val registry = containerRegistry()
    val ctx = TestContext(registry)
    val pair = CompositeCodec(PgTypeIdentity("pair", 90001), listOf(CompositeField("n", 23, Int4Codec), CompositeField("s", 25, StringCodec.TEXT)))
    val nested = CompositeCodec(PgTypeIdentity("nested", 90002), listOf(CompositeField("p", 90001, pair), CompositeField("k", 23, Int4Codec)))

    context("composites, byte level") {
        test("fields with NULLs and quoting in both formats") {
            val value = PgComposite(listOf(1, "a b"), listOf("n", "s"))
            pair.binary(value, ctx).hex() shouldBe bytesOf("00000002 00000017 00000004 00000001 00000019 00000003 612062").hex()
            pair.fromBinary(bytesOf("00000002 00000017 00000004 00000001 00000019 00000003 612062"), ctx) shouldBe value
            pair.text(value, ctx) shouldBe "(1,\"a b\")"
            pair.fromText("(1,\"a b\")", ctx) shouldBe value
            val withNull = PgComposite(listOf(null, ""), listOf("n", "s"))
            pair.binary(withNull, ctx).hex() shouldBe bytesOf("00000002 00000017 ffffffff 00000019 00000000").hex()
            pair.text(withNull, ctx) shouldBe "(,\"\")"
            pair.fromText("(,\"\")", ctx) shouldBe withNull
            pair.fromText("(7,)", ctx) shouldBe PgComposite(listOf(7, null), listOf("n", "s"))
            (pair.fromText("(7,a\\,b\"c\"\"d\")", ctx) as PgComposite)["s"] shouldBe "a,bc\"d"
        }
        test("nested composites quote the inner record") {
            val value = PgComposite(listOf(PgComposite(listOf(1, "x\"y")), 2))
            nested.text(value, ctx) shouldBe "(\"(1,\"\"x\"\"\"\"y\"\")\",2)"
            val decoded = nested.fromText(nested.text(value, ctx), ctx) as PgComposite
            (decoded["p"] as PgComposite)["s"] shouldBe "x\"y"
            nested.fromBinary(nested.binary(value, ctx), ctx) shouldBe decoded
        }
        test("rejects malformed records and wrong values") {
            for ((bytes, message) in listOf(
                "00000003 00000017 ffffffff 00000019 ffffffff 00000017 ffffffff" to "3 fields, the type has 2",
                "00000002 00000019 ffffffff 00000019 ffffffff" to "has type OID 25, expected 23",
                "7fffffff" to "does not fit",
                "00000002 00000017 00000004 00000001 00000019 0000000a 0000" to "needs 10 bytes",
                "00000002 00000017 00000002 0000 00000019 ffffffff" to "field n",
            )) {
                shouldThrow<ValueDecodingException> { pair.fromBinary(bytesOf(bytes), ctx) }.message shouldContain message
            }
            for ((text, message) in listOf("(1,a,b)" to "more than 2", "(1)" to "1 fields", "1,a)" to "expected '('", "(1,\"a)" to "unterminated", "(1,a) x" to "unexpected")) {
                shouldThrow<ValueDecodingException> { pair.fromText(text, ctx) }.message shouldContain message
            }
            shouldThrow<ValueEncodingException> { pair.binary(PgComposite(listOf(1)), ctx) }.message shouldContain "1 values for 2 fields"
            shouldThrow<ValueEncodingException> { pair.binary(PgComposite(listOf("1", "a")), ctx) }.message shouldContain "field n"
        }
        test("a field of an unknown type is text-only and stays a String") {
            val odd = CompositeCodec(PgTypeIdentity("odd", 90003), listOf(CompositeField("g", 77777, null), CompositeField("n", 23, Int4Codec)))
            odd.supportsBinary shouldBe false
            odd.fromText("(\"(1,2)\",3)", ctx) shouldBe PgComposite(listOf("(1,2)", 3), listOf("g", "n"))
            odd.text(PgComposite(listOf("(1,2)", 3)), ctx) shouldBe "(\"(1,2)\",3)"
            shouldThrow<ValueEncodingException> { odd.binary(PgComposite(listOf("(1,2)", 3)), ctx) }.message shouldContain "no binary codec"
        }
    }

    context("enums and domains, byte level") {
        test("an enum is its label in both formats") {
            val mood = EnumCodec(PgTypeIdentity("mood", 90010), listOf("sad", "ok", "happy"))
            mood.fromBinary("happy".toByteArray(), ctx) shouldBe "happy"
            mood.binary("so so", ctx).hex() shouldBe "so so".toByteArray().hex()
            mood.text("ok", ctx) shouldBe "ok"
        }
        test("an enum mapped to a Kotlin enum by label") {
            val mood = MappedEnumCodec(PgTypeIdentity("mood", 90010), Temper::class.java) { it.name.lowercase() }
            mood.fromText("happy", ctx) shouldBe Temper.HAPPY
            mood.binary(Temper.SAD, ctx).hex() shouldBe "sad".toByteArray().hex()
            shouldThrow<ValueDecodingException> { mood.fromBinary("angry".toByteArray(), ctx) }.message shouldContain "label 'angry'"
            shouldThrow<IllegalArgumentException> { MappedEnumCodec(PgTypeIdentity("mood", 1), Temper::class.java) { "same" } }
        }
        test("a domain travels as its base type under its own OID") {
            val posint = DomainCodec(PgTypeIdentity("posint", 90020, 90021), Int4Codec)
            posint.binary(5, ctx).hex() shouldBe "00000005"
            posint.fromText("42", ctx) shouldBe 42
            posint.valueClass shouldBe Int4Codec.valueClass
            val array = ArrayCodec(PgTypeIdentity("_posint", 90021), posint)
            array.binary(listOf(1), ctx).hex() shouldBe bytesOf("00000001 00000000 00015fa4 00000001 00000001 00000004 00000001").hex()
        }
    }

    context("against PostgreSQL") {
        val conn = server.connection
        test("anonymous records decode by the OIDs record_send writes") {
            val record = registry.codecFor("record") as CompositeCodec
            record.fromBinary(conn.bytes("SELECT record_send(ROW(1, 'a b'::text, NULL::int4))"), ctx) shouldBe
                PgComposite(listOf(1, "a b", null), listOf("f1", "f2", "f3"))
            record.fromText(conn.string("SELECT ROW(1, 'a \"b', NULL::int4)::text")!!, ctx) shouldBe
                PgComposite(listOf("1", "a \"b", null), listOf("f1", "f2", "f3"))
            shouldThrow<ValueEncodingException> { record.encodeBinary(PgComposite(listOf(1)), io.databridge.pg.protocol.ByteWriter(), ctx) }
                .message shouldContain "anonymous"
            registry.codecFor(2287).shouldBeArrayOf(record)
        }
    }
})

private fun PgCodec<*>?.shouldBeArrayOf(element: PgCodec<*>) {
    (this as ArrayCodec).elementCodec shouldBe element
}
