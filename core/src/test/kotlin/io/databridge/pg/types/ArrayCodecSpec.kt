package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class ArrayCodecSpec : FunSpec({
    val server = ServerConnection()
    afterSpec { server.close() }
    val registry = containerRegistry()
    val ctx = TestContext(registry)
    val int4s = registry.codecFor(1007) as ArrayCodec
    val texts = registry.codecFor(1009) as ArrayCodec

    context("binary, byte level") {
        // SELECT array_send('{{1,NULL},{3,4}}'::int4[])
        val twoByTwo = bytesOf("00000002 00000001 00000017 00000002 00000001 00000002 00000001 00000004 00000001 ffffffff 00000004 00000003 00000004 00000004")

        test("decodes a 2-D array with a NULL to nested lists") {
            int4s.fromBinary(twoByTwo, ctx) shouldBe listOf(listOf(1, null), listOf(3, 4))
        }
        test("encodes nested lists, Array<IntArray> and PgArray to the same bytes") {
            int4s.binary(listOf(listOf(1, null), listOf(3, 4)), ctx).hex() shouldBe twoByTwo.hex()
            int4s.binary(PgArray(listOf(2, 2), listOf(1, 1), listOf(1, null, 3, 4)), ctx).hex() shouldBe twoByTwo.hex()
            val noNull = int4s.binary(arrayOf(intArrayOf(1, 2), intArrayOf(3, 4)), ctx)
            noNull.copyOfRange(4, 8).hex() shouldBe "00000000"
            int4s.fromBinary(noNull, ctx) shouldBe listOf(listOf(1, 2), listOf(3, 4))
        }
        test("keeps lower bounds in PgArray") {
            val bytes = bytesOf("00000001 00000000 00000017 00000002 00000000 00000004 00000007 00000004 00000008")
            val array = int4s.decodeBinaryArray(bytes, 0, bytes.size, ctx)
            array shouldBe PgArray(listOf(2), listOf(0), listOf(7, 8))
            int4s.binary(array, ctx).hex() shouldBe bytes.hex()
        }
        test("empty array has no dimensions") {
            val empty = bytesOf("00000000 00000000 00000017")
            int4s.fromBinary(empty, ctx) shouldBe emptyList<Int>()
            int4s.binary(emptyList<Int>(), ctx).hex() shouldBe empty.hex()
            int4s.binary(IntArray(0), ctx).hex() shouldBe empty.hex()
        }
        test("encodes from List, Array and primitive arrays alike") {
            val expected = int4s.binary(listOf(5, 6, 7), ctx).hex()
            int4s.binary(arrayOf(5, 6, 7), ctx).hex() shouldBe expected
            int4s.binary(intArrayOf(5, 6, 7), ctx).hex() shouldBe expected
        }
        test("rejects ragged nested lists and wrong element types") {
            shouldThrow<ValueEncodingException> { int4s.binary(listOf(listOf(1, 2), listOf(3)), ctx) }.message shouldContain "ragged"
            shouldThrow<ValueEncodingException> { int4s.binary(listOf(listOf(1, 2), 3), ctx) }.message shouldContain "ragged"
            shouldThrow<ValueEncodingException> { int4s.binary(listOf(1, listOf(2)), ctx) }.message shouldContain "ragged"
            shouldThrow<ValueEncodingException> { int4s.binary(listOf(listOf(1), null), ctx) }.message shouldContain "ragged"
            shouldThrow<ValueEncodingException> { int4s.binary(listOf("x"), ctx) }.message shouldContain "java.lang.String"
            shouldThrow<ValueEncodingException> { int4s.binary("not an array", ctx) }.message shouldContain "not an array"
            shouldThrow<ValueEncodingException> { int4s.binary(listOf(listOf(listOf(listOf(listOf(listOf(listOf(1))))))), ctx) }.message shouldContain "dimensions"
        }
        test("rejects malformed bytes with a clear error and without sizing anything from them") {
            fun fails(bytesHex: String, message: String) {
                shouldThrow<ValueDecodingException> { int4s.fromBinary(bytesOf(bytesHex), ctx) }.message shouldContain message
            }
            fails("00000007 00000000 00000017", "dimension count 7")
            fails("ffffffff 00000000 00000017", "dimension count -1")
            fails("00000001 00000002 00000017", "flags 2")
            fails("00000001 00000000 00000019 00000001 00000001 00000001 00000001", "element type OID 25")
            fails("00000002 00000000 00000017 00010000 00000001 00010000 00000001", "too many")
            fails("00000001 00000000 00000017 40000000 00000001 00000004", "cannot fit")
            fails("00000001 00000000 00000017 ffffffff 00000001", "negative size")
            fails("00000001 00000000 00000017 00000002 7fffffff 00000004 00000001", "overflows")
            fails("00000001 00000000 00000017 00000001 00000001 00000008 00000001", "needs 8 bytes")
            fails("00000001 00000000 00000017 00000001 00000001 00000004 00000001 00", "trailing")
            fails("00000001 00000000 00000017 00000001 00000001 fffffffe", "negative length")
            fails("000000", "needs 4 bytes")
            shouldThrow<ValueDecodingException> { int4s.fromBinary(bytesOf("00000001 00000000 00000017 00000001 00000001 00000002 0001"), ctx) }
                .message shouldContain "element 0"
        }
    }

    context("PgArray") {
        test("builds from nested containers and nests back") {
            val array = PgArray.of(arrayOf(intArrayOf(1, 2), intArrayOf(3, 4)), listOf(0, 5))
            array shouldBe PgArray(listOf(2, 2), listOf(0, 5), listOf(1, 2, 3, 4))
            array.rank shouldBe 2
            array.toNestedList() shouldBe listOf(listOf(1, 2), listOf(3, 4))
            PgArray.of(listOf(listOf<Int>())).rank shouldBe 0
            PgArray.of(listOf(listOf(listOf(1), listOf(2)))).dimensions shouldBe listOf(1, 2, 1)
        }
        test("rejects ragged input and inconsistent shapes") {
            shouldThrow<IllegalArgumentException> { PgArray.of(listOf(listOf(1), listOf(1, 2))) }.message shouldContain "ragged"
            shouldThrow<IllegalArgumentException> { PgArray.of(listOf(1, 2), listOf(1, 1)) }.message shouldContain "2 lower bounds for 1"
            shouldThrow<IllegalArgumentException> { PgArray(listOf(2), listOf(1), listOf(1)) }.message shouldContain "hold 2 elements"
            shouldThrow<IllegalArgumentException> { PgArray(listOf(0), listOf(1), emptyList()) }.message shouldContain "positive"
        }
    }

    context("text, byte level") {
        test("parses NULL, quoting, escapes and whitespace") {
            texts.fromText("""{"a b","NULL","",NULL,"x\"y", plain , null,b\,c}""", ctx) shouldBe
                listOf("a b", "NULL", "", null, "x\"y", "plain", null, "b,c")
        }
        test("writes the quoting PostgreSQL writes") {
            texts.text(listOf("a b", "NULL", "", null, "x\"y", "back\\slash", "{}", ",", "plain"), ctx) shouldBe
                """{"a b","NULL","",NULL,"x\"y","back\\slash","{}",",",plain}"""
        }
        test("nested braces, lower bounds and empty") {
            int4s.fromText("{{1,NULL},{3,4}}", ctx) shouldBe listOf(listOf(1, null), listOf(3, 4))
            int4s.decodeTextArray("[0:1][-2:-1]={{1,2},{3,4}}".toByteArray(), 0, 26, ctx) shouldBe
                PgArray(listOf(2, 2), listOf(0, -2), listOf(1, 2, 3, 4))
            int4s.text(PgArray(listOf(2, 2), listOf(0, -2), listOf(1, 2, 3, 4)), ctx) shouldBe "[0:1][-2:-1]={{1,2},{3,4}}"
            int4s.fromText(" { } ", ctx) shouldBe emptyList<Int>()
            int4s.text(emptyList<Int>(), ctx) shouldBe "{}"
            int4s.fromText("{{{1},{2}},{{3},{4}}}", ctx) shouldBe listOf(listOf(listOf(1), listOf(2)), listOf(listOf(3), listOf(4)))
        }
        test("a custom delimiter such as box's ';'") {
            val semi = ArrayCodec(PgTypeIdentity("_x", 1), StringCodec.TEXT, ';')
            semi.fromText("{a,b;c d}", ctx) shouldBe listOf("a,b", "c d")
            semi.text(listOf("a,b", "c;d"), ctx) shouldBe "{a,b;\"c;d\"}"
        }
        test("rejects malformed text") {
            fun fails(text: String, message: String) {
                shouldThrow<ValueDecodingException> { int4s.fromText(text, ctx) }.message shouldContain message
            }
            fails("{1,2", "unterminated")
            fails("{{1},{2,3}}", "matching dimensions")
            fails("{1,{2}}", "sub-array")
            fails("{{1},2}", "element where a sub-array")
            fails("[1:3]={1,2}", "do not match")
            fails("[1:2]{1,2}", "expected '='")
            fails("{1,2}x", "unexpected text")
            fails("1,2", "expected '{'")
            fails("{{{{{{{1}}}}}}}", "more than 6")
            fails("{1,x}", "element 1")
            shouldThrow<ValueDecodingException> { texts.fromText("{\"abc}", ctx) }.message shouldContain "unterminated"
        }
    }

    context("against PostgreSQL") {
        val conn = server.connection

        val int4Literals = listOf(
            "{{1,NULL},{3,4}}", "[0:1][5:6]={{1,2},{3,4}}", "{}", "{NULL}", "{{{1,2}},{{3,NULL}}}", "[-3:-1]={7,8,9}",
            "{-2147483648,2147483647}",
        )
        test("server → us: array_send bytes and text output decode to the same value") {
            for (literal in int4Literals) {
                val sent = conn.bytes("SELECT array_send(?::int4[])", literal)
                val fromBinary = int4s.decodeBinaryArray(sent, 0, sent.size, ctx)
                val serverText = conn.string("SELECT ?::int4[]::text", literal)!!
                int4s.decodeTextArray(serverText.toByteArray(), 0, serverText.length, ctx) shouldBe fromBinary
            }
        }
        test("us → server: our text parses to our binary, and PostgreSQL prints our text back") {
            val values = listOf(
                PgArray(listOf(2, 2), listOf(1, 1), listOf(1, null, 3, 4)),
                PgArray(listOf(3), listOf(-3), listOf(7, 8, 9)),
                PgArray(emptyList(), emptyList(), emptyList()),
                PgArray(listOf(1, 2, 2), listOf(0, 1, 2), listOf(1, 2, 3, null)),
            )
            for (v in values) {
                val ourText = int4s.text(v, ctx)
                conn.string("SELECT ?::int4[]::text", ourText) shouldBe ourText
                conn.bytes("SELECT array_send(?::int4[])", ourText).hex() shouldBe int4s.binary(v, ctx).hex()
            }
        }
        test("text arrays with every quoting case round-trip both formats") {
            val value = listOf("a b", "NULL", "null", "", null, "x\"y", "back\\slash", "{}", ",", "tab\there", "ünï", " lead", "trail ")
            val ourText = texts.text(value, ctx)
            conn.string("SELECT ?::text[]::text", ourText) shouldBe ourText
            conn.bytes("SELECT array_send(?::text[])", ourText).hex() shouldBe texts.binary(value, ctx).hex()
            texts.fromBinary(conn.bytes("SELECT array_send(?::text[])", ourText), ctx) shouldBe value
            texts.fromText(conn.string("SELECT ?::text[]::text", ourText)!!, ctx) shouldBe value
        }
    }
})
