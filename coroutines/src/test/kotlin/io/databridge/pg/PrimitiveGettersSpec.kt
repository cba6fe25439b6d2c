package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.TypeMismatchException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** getInt, getLong, getDouble and getBoolean read binary built-in columns unboxed; every other case keeps the general rules. */
class PrimitiveGettersSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var conn: PgConnection

    beforeSpec { conn = PgConnection.connect(url) }
    afterSpec { conn.close() }

    test("binary int4, int8, float8 and bool values read exactly, extremes included") {
        val row = conn.query(
            "SELECT $1::int4, $2::int8, $3::float8, $4::bool, $5::bool, $6::int4, $7::int8, $8::float8",
            Int.MIN_VALUE, Long.MAX_VALUE, -0.125, true, false, -1, Long.MIN_VALUE, Double.NEGATIVE_INFINITY,
        ).rows.single()
        row.getInt(0) shouldBe Int.MIN_VALUE
        row.getLong(1) shouldBe Long.MAX_VALUE
        row.getDouble(2) shouldBe -0.125
        row.getBoolean(3) shouldBe true
        row.getBoolean(4) shouldBe false
        row.getInt(5) shouldBe -1
        row.getLong(6) shouldBe Long.MIN_VALUE
        row.getDouble(7) shouldBe Double.NEGATIVE_INFINITY
    }

    test("widening and narrowing between integer types still follow the general rules") {
        val row = conn.query("SELECT 7::int4, 8::int8, 2147483648::int8, 1.5::float4").rows.single()
        row.getLong(0) shouldBe 7L
        row.getInt(1) shouldBe 8
        shouldThrow<TypeMismatchException> { row.getInt(2) }.message shouldContain "outside the Int range"
        row.getDouble(3) shouldBe 1.5
    }

    test("SQL NULL in a non-null primitive getter throws a typed error naming the column") {
        val row = conn.query("SELECT NULL::int4 AS a, NULL::int8 AS b, NULL::float8 AS c, NULL::bool AS d").rows.single()
        shouldThrow<TypeMismatchException> { row.getInt(0) }.message shouldContain "\"a\" is NULL"
        shouldThrow<TypeMismatchException> { row.getLong(1) }.message shouldContain "\"b\" is NULL"
        shouldThrow<TypeMismatchException> { row.getDouble(2) }.message shouldContain "\"c\" is NULL"
        shouldThrow<TypeMismatchException> { row.getBoolean(3) }.message shouldContain "\"d\" is NULL"
        row.getIntOrNull(0) shouldBe null
    }

    test("a primitive getter on a column of another type is a type mismatch, not a misread") {
        val row = conn.query("SELECT 'x'::text AS t, 3::int4 AS i").rows.single()
        shouldThrow<TypeMismatchException> { row.getInt(0) }
        shouldThrow<TypeMismatchException> { row.getBoolean(1) }
        shouldThrow<TypeMismatchException> { row.getDouble(1) }
    }

    test("text-format rows (simple protocol) take the general path and read the same values") {
        val row = conn.simpleQuery("SELECT 42::int4, 43::int8, 0.5::float8, true").single().rows.single()
        row.getInt(0) shouldBe 42
        row.getLong(1) shouldBe 43L
        row.getDouble(2) shouldBe 0.5
        row.getBoolean(3) shouldBe true
    }
})
