package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class HstoreVectorSpec : FunSpec({
    val server = ServerConnection()
    afterSpec {
        server.connection.exec("DROP SCHEMA IF EXISTS hsspec CASCADE")
        server.close()
    }
    val ctx = TestContext(containerRegistry())
    val hstore = HstoreCodec(PgTypeIdentity("hstore", 90100))
    val vector = VectorCodec(PgTypeIdentity("vector", 90200))

    context("hstore, byte level") {
        test("pairs with a NULL value in both formats") {
            val value = mapOf("a" to "1", "b" to null)
            val bytes = "00000002 00000001 61 00000001 31 00000001 62 ffffffff"
            hstore.binary(value, ctx).hex() shouldBe bytesOf(bytes).hex()
            hstore.fromBinary(bytesOf(bytes), ctx) shouldBe value
            hstore.text(value, ctx) shouldBe "\"a\"=>\"1\", \"b\"=>NULL"
            hstore.fromText("\"a\"=>\"1\", \"b\"=>NULL", ctx) shouldBe value
            hstore.fromText(" a => 1 ,b=>null, \"c d\"=>\"NULL\", e\\\"=>\"x\\\\y\" ", ctx) shouldBe
                mapOf("a" to "1", "b" to null, "c d" to "NULL", "e\"" to "x\\y")
            hstore.fromText("", ctx) shouldBe emptyMap<String, String?>()
            hstore.text(mapOf("q\"" to "\\"), ctx) shouldBe "\"q\\\"\"=>\"\\\\\""
        }
        test("rejects malformed hstore and non-String entries") {
            shouldThrow<ValueDecodingException> { hstore.fromBinary(bytesOf("7fffffff"), ctx) }.message shouldContain "does not fit"
            shouldThrow<ValueDecodingException> { hstore.fromBinary(bytesOf("00000001 ffffffff ffffffff"), ctx) }.message shouldContain "NULL key"
            shouldThrow<ValueDecodingException> { hstore.fromBinary(bytesOf("00000001 00000005 61 000000"), ctx) }.message shouldContain "needs 5 bytes"
            shouldThrow<ValueDecodingException> { hstore.fromText("a=1", ctx) }.message shouldContain "expected '>'"
            shouldThrow<ValueDecodingException> { hstore.fromText("a=>1 b=>2", ctx) }.message shouldContain "between pairs"
            shouldThrow<ValueDecodingException> { hstore.fromText("\"a=>1", ctx) }.message shouldContain "unterminated"
            shouldThrow<ValueEncodingException> { hstore.binary(mapOf(1 to "x"), ctx) }.message shouldContain "keys must be Strings"
            shouldThrow<ValueEncodingException> { hstore.binary(mapOf("k" to 1), ctx) }.message shouldContain "pair 0 has a java.lang.Integer value"
        }
    }

    context("hstore against PostgreSQL") {
        val conn = server.connection
        conn.exec("DROP SCHEMA IF EXISTS hsspec CASCADE; CREATE SCHEMA hsspec; CREATE EXTENSION hstore SCHEMA hsspec")
        test("hstore_send and hstore_out decode; our text and bytes match the server's") {
            // hstore stores keys ordered by length, then bytes: list them in that order so the bytes compare.
            val value = linkedMapOf("a" to "1", "b" to null, "q\"" to "x\\y", "c d" to "", "ünï" to "NULL")
            val ours = hstore.text(value, ctx)
            hstore.fromBinary(conn.bytes("SELECT hsspec.hstore_send(?::hsspec.hstore)", ours), ctx) shouldBe value
            hstore.fromText(conn.string("SELECT ?::hsspec.hstore::text", ours)!!, ctx) shouldBe value
            conn.bytes("SELECT hsspec.hstore_send(?::hsspec.hstore)", ours).hex() shouldBe hstore.binary(value, ctx).hex()
            conn.string("SELECT ?::hsspec.hstore::text", ours) shouldBe ours
        }
    }

    context("vector, byte level (pgvector is not shipped with the embedded server)") {
        test("components in both formats") {
            val bytes = "0003 0000 3f800000 40000000 c0400000"
            val value = PgVector(floatArrayOf(1f, 2f, -3f))
            vector.binary(value, ctx).hex() shouldBe bytesOf(bytes).hex()
            vector.fromBinary(bytesOf(bytes), ctx) shouldBe value
            vector.fromText("[1,2,-3]", ctx) shouldBe value
            vector.fromText(" [ 1.5 , 2e-3 ] ", ctx) shouldBe PgVector(floatArrayOf(1.5f, 0.002f))
            vector.fromText(vector.text(PgVector(floatArrayOf(0.1f, 1e20f)), ctx), ctx) shouldBe PgVector(floatArrayOf(0.1f, 1e20f))
        }
        test("rejects malformed vectors and non-finite components") {
            for ((b, message) in listOf(
                "0000 0000" to "outside 1..16000", "0001 0001 3f800000" to "reserved field", "0002 0000 3f800000" to "need 8 bytes",
                "0001 0000 7fc00000" to "NaN", "00" to "needs 2 bytes",
            )) {
                shouldThrow<ValueDecodingException> { vector.fromBinary(bytesOf(b), ctx) }.message shouldContain message
            }
            for ((t, message) in listOf("[1,x]" to "not a number", "[1,2" to "unterminated", "1,2]" to "expected '['", "[]" to "not a number", "[1] 2" to "unexpected")) {
                shouldThrow<ValueDecodingException> { vector.fromText(t, ctx) }.message shouldContain message
            }
            shouldThrow<ValueEncodingException> { vector.binary(PgVector(floatArrayOf(Float.POSITIVE_INFINITY)), ctx) }.message shouldContain "Infinity"
            shouldThrow<ValueEncodingException> { vector.binary(PgVector(FloatArray(0)), ctx) }.message shouldContain "0 dimensions"
        }
    }

    val vectorInstalled by lazy {
        server.connection.string("SELECT count(*)::text FROM pg_available_extensions WHERE name = 'vector'") == "1"
    }
    test("vector against PostgreSQL (runs only where the pgvector extension is installed; the zonky binaries lack it)")
        .config(enabledIf = { vectorInstalled }) {
            val conn = server.connection
            conn.exec("DROP SCHEMA IF EXISTS hsspec CASCADE; CREATE SCHEMA hsspec; CREATE EXTENSION vector SCHEMA hsspec")
            val value = PgVector(floatArrayOf(1f, 2.5f, -3f))
            val ours = vector.text(value, ctx)
            vector.fromBinary(conn.bytes("SELECT hsspec.vector_send(?::hsspec.vector)", ours), ctx) shouldBe value
            vector.fromText(conn.string("SELECT ?::hsspec.vector::text", ours)!!, ctx) shouldBe value
            conn.bytes("SELECT hsspec.vector_send(?::hsspec.vector)", ours).hex() shouldBe vector.binary(value, ctx).hex()
        }
})
