package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class RangeCodecSpec : FunSpec({
    val server = ServerConnection()
    afterSpec {
        server.connection.exec("DROP SCHEMA IF EXISTS rangespec CASCADE")
        server.close()
    }
    val registry = containerRegistry()
    val ctx = TestContext(registry)
    val int4range = registry.codecFor("int4range") as RangeCodec
    val int4multirange = registry.codecFor("int4multirange") as MultirangeCodec
    fun incl(v: Int) = RangeBound.Inclusive(v)
    fun excl(v: Int) = RangeBound.Exclusive(v)
    val unbounded = RangeBound.Unbounded

    // Every bound kind with its range_send bytes and range_out text (int4range, so already canonical).
    val cases = listOf(
        Triple(PgRange(incl(1), excl(5)), "02 00000004 00000001 00000004 00000005", "[1,5)"),
        Triple(PgRange.empty<Int>(), "01", "empty"),
        Triple(PgRange(unbounded, excl(4)), "08 00000004 00000004", "(,4)"),
        Triple(PgRange(incl(1), unbounded), "12 00000004 00000001", "[1,)"),
        Triple(PgRange<Int>(unbounded, unbounded), "18", "(,)"),
        Triple(PgRange(incl(-5), excl(-1)), "02 00000004 fffffffb 00000004 ffffffff", "[-5,-1)"),
    )

    context("ranges, byte level") {
        test("every bound kind in both formats") {
            for ((range, bytes, text) in cases) {
                int4range.binary(range, ctx).hex() shouldBe bytesOf(bytes).hex()
                int4range.fromBinary(bytesOf(bytes), ctx) shouldBe range
                int4range.text(range, ctx) shouldBe text
                int4range.fromText(text, ctx) shouldBe range
            }
        }
        test("inclusive upper and exclusive lower bounds, which discrete types canonicalize away") {
            val range = PgRange(excl(1), incl(5))
            int4range.binary(range, ctx).hex() shouldBe bytesOf("04 00000004 00000001 00000004 00000005").hex()
            int4range.text(range, ctx) shouldBe "(1,5]"
            int4range.fromText(" (1,5] ", ctx) shouldBe range
            int4range.fromText("EMPTY", ctx) shouldBe PgRange.empty<Int>()
        }
        test("quotes bounds PostgreSQL's way: doubled quotes and backslashes") {
            val textrange = RangeCodec(PgTypeIdentity("textrange", 1), StringCodec.TEXT)
            val range = PgRange(RangeBound.Inclusive("a b"), RangeBound.Exclusive("c\"d\\e"))
            textrange.text(range, ctx) shouldBe "[\"a b\",\"c\"\"d\\\\e\")"
            textrange.fromText("[\"a b\",\"c\"\"d\\\\e\")", ctx) shouldBe range
            textrange.fromText("[a\\,b,\"\")", ctx) shouldBe PgRange(RangeBound.Inclusive("a,b"), RangeBound.Exclusive(""))
        }
        test("rejects malformed ranges") {
            for ((bytes, message) in listOf(
                "20" to "unknown range flags", "81" to "unknown range flags", "03" to "empty range with bound flags",
                "02 00000004 000000" to "needs 4 bytes", "18 00" to "trailing", "02 ffffffff" to "NULL lower bound",
                "" to "needs 1 bytes",
            )) {
                shouldThrow<ValueDecodingException> { int4range.fromBinary(bytesOf(bytes), ctx) }.message shouldContain message
            }
            for ((text, message) in listOf(
                "[1,5" to "expected ']' or ')'", "1,5)" to "starts with", "[1 5)" to "expected", "[1,5) x" to "unexpected text",
                "[x,5)" to "lower bound", "emptyish" to "unexpected text",
            )) {
                shouldThrow<ValueDecodingException> { int4range.fromText(text, ctx) }.message shouldContain message
            }
            shouldThrow<ValueEncodingException> { int4range.binary(PgRange(RangeBound.Inclusive("a"), unbounded), ctx) }.message shouldContain "lower bound"
        }
    }

    context("multiranges, byte level") {
        val two = listOf(PgRange(incl(1), excl(3)), PgRange(incl(5), excl(7)))
        val twoBytes = "00000002 00000011 02 00000004 00000001 00000004 00000003 00000011 02 00000004 00000005 00000004 00000007"
        test("several ranges and none") {
            int4multirange.binary(two, ctx).hex() shouldBe bytesOf(twoBytes).hex()
            int4multirange.fromBinary(bytesOf(twoBytes), ctx) shouldBe two
            int4multirange.text(two, ctx) shouldBe "{[1,3),[5,7)}"
            int4multirange.fromText(" { [1,3) , [5,7) } ", ctx) shouldBe two
            int4multirange.fromText("{}", ctx) shouldBe emptyList<PgRange<Int>>()
            int4multirange.binary(emptyList<PgRange<Int>>(), ctx).hex() shouldBe "00000000"
            int4multirange.fromText("{(,2),[4,)}", ctx) shouldBe listOf(PgRange(unbounded, excl(2)), PgRange(incl(4), unbounded))
        }
        test("rejects malformed multiranges") {
            shouldThrow<ValueDecodingException> { int4multirange.fromBinary(bytesOf("7fffffff 00000001 18"), ctx) }.message shouldContain "does not fit"
            shouldThrow<ValueDecodingException> { int4multirange.fromBinary(bytesOf("00000001 ffffffff 00"), ctx) }.message shouldContain "NULL range"
            shouldThrow<ValueDecodingException> { int4multirange.fromBinary(bytesOf("00000001 00000001 20"), ctx) }.message shouldContain "range 0"
            shouldThrow<ValueDecodingException> { int4multirange.fromText("{[1,3)", ctx) }.message shouldContain "expected ',' or '}'"
            shouldThrow<ValueEncodingException> { int4multirange.binary(listOf(null), ctx) }.message shouldContain "range 0 is null"
        }
    }

    context("against PostgreSQL") {
        val conn = server.connection
        test("server → us and us → server for every bound kind") {
            for ((range, _, text) in cases) {
                int4range.fromBinary(conn.bytes("SELECT range_send(?::int4range)", text), ctx) shouldBe range
                int4range.fromText(conn.string("SELECT ?::int4range::text", text)!!, ctx) shouldBe range
                conn.bytes("SELECT range_send(?::int4range)", int4range.text(range, ctx)).hex() shouldBe int4range.binary(range, ctx).hex()
            }
        }
        test("the server canonicalizes what we send; we decode its answer") {
            int4range.fromBinary(conn.bytes("SELECT range_send(?::int4range)", int4range.text(PgRange(excl(1), incl(5)), ctx)), ctx) shouldBe
                PgRange(incl(2), excl(6))
        }
        test("a user range over text with quoting, in both formats") {
            conn.exec("CREATE SCHEMA IF NOT EXISTS rangespec; DROP TYPE IF EXISTS rangespec.textrange; CREATE TYPE rangespec.textrange AS RANGE (subtype = text)")
            val oid = conn.string("SELECT 'rangespec.textrange'::regtype::oid::text")!!.toInt()
            val textrange = RangeCodec(PgTypeIdentity("rangespec.textrange", oid), StringCodec.TEXT)
            val ranges = listOf(
                PgRange(RangeBound.Inclusive("a b"), RangeBound.Exclusive("c\"d\\e")),
                PgRange(RangeBound.Exclusive(""), RangeBound.Inclusive("z,)]")),
                PgRange(RangeBound.Unbounded, RangeBound.Inclusive("NULL")),
            )
            for (range in ranges) {
                val ours = textrange.text(range, ctx)
                conn.string("SELECT ?::rangespec.textrange::text", ours) shouldBe ours
                conn.bytes("SELECT range_send(?::rangespec.textrange)", ours).hex() shouldBe textrange.binary(range, ctx).hex()
                textrange.fromBinary(conn.bytes("SELECT range_send(?::rangespec.textrange)", ours), ctx) shouldBe range
            }
        }
        test("multiranges in both formats") {
            for (literal in listOf("{[1,3),[5,7)}", "{}", "{(,2),[4,)}", "{[1,10)}")) {
                val fromBinary = int4multirange.fromBinary(conn.bytes("SELECT multirange_send(?::int4multirange)", literal), ctx)
                int4multirange.fromText(conn.string("SELECT ?::int4multirange::text", literal)!!, ctx) shouldBe fromBinary
                @Suppress("UNCHECKED_CAST")
                val ours = int4multirange.text(fromBinary as List<PgRange<*>>, ctx)
                conn.string("SELECT ?::int4multirange::text", ours) shouldBe ours
                conn.bytes("SELECT multirange_send(?::int4multirange)", ours).hex() shouldBe int4multirange.binary(fromBinary, ctx).hex()
            }
        }
        test("arrays of ranges") {
            val array = registry.codecFor(3905) as ArrayCodec
            val value = listOf(PgRange(incl(1), excl(3)), null, PgRange.empty<Int>())
            conn.bytes("SELECT array_send(?::int4range[])", array.text(value, ctx)).hex() shouldBe array.binary(value, ctx).hex()
            array.fromText(conn.string("SELECT ?::int4range[]::text", array.text(value, ctx))!!, ctx) shouldBe value
        }
    }
})
