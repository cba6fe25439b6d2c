package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.TypeMismatchException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Instant
import java.time.OffsetDateTime

/**
 * getInstant on timestamptz and getString on json/jsonb read binary values straight into the asked type; text-format
 * rows, NULLs and other column types keep the general rules.
 */
class StraightDecodingSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var conn: PgConnection

    beforeSpec { conn = PgConnection.connect(url) }
    afterSpec { conn.close() }

    val stamps = listOf(
        "2024-03-10 12:00:00.123456+00",
        "1999-12-31 23:59:59.999999+00",
        "1969-12-31 23:59:59.5+00",
        "2000-01-01 00:00:00+00",
        "4713-11-24 00:00:00+00 BC",
        "294276-12-31 23:59:59.999999+00",
        "2024-06-01 08:30:00-07",
    )

    test("binary timestamptz reads as the same instant its OffsetDateTime names, by index and by name") {
        for (text in stamps) {
            val row = conn.query("SELECT $1::text::timestamptz AS at", text).rows.single()
            val expected = row.get<OffsetDateTime>(0).toInstant()
            row.getInstant(0) shouldBe expected
            row.getInstant("at") shouldBe expected
            row.get<Instant>(0) shouldBe expected
            row.getInstantOrNull("at") shouldBe expected
        }
    }

    test("an Instant bound and read back is the same instant, infinity as Instant.MAX and -infinity as Instant.MIN") {
        val now = Instant.parse("2026-12-07T22:01:02.345678Z")
        val row = conn.query("SELECT $1::timestamptz, $2::timestamptz, $3::timestamptz", now, Instant.MAX, Instant.MIN).rows.single()
        row.getInstant(0) shouldBe now
        row.getInstant(1) shouldBe Instant.MAX
        row.getInstant(2) shouldBe Instant.MIN
        conn.query("SELECT 'infinity'::timestamptz::text").rows.single().getString(0) shouldBe "infinity"
        conn.query("SELECT $1::timestamptz = 'infinity'", Instant.MAX).rows.single().getBoolean(0) shouldBe true
    }

    test("text-format timestamptz (simple protocol) reads as the same instants, infinity included") {
        val row = conn.simpleQuery(
            "SET TimeZone = 'Europe/Paris'; SELECT '2024-06-01 08:30:00.25-07'::timestamptz, 'infinity'::timestamptz, '-infinity'::timestamptz",
        ).last().rows.single()
        row.getInstant(0) shouldBe Instant.parse("2024-06-01T15:30:00.25Z")
        row.getInstant(1) shouldBe Instant.MAX
        row.getInstant(2) shouldBe Instant.MIN
        conn.simpleQuery("RESET TimeZone")
    }

    test("NULL reads as null through the nullable getters and as a typed error through getInstant") {
        val row = conn.query("SELECT NULL::timestamptz AS t").rows.single()
        row.getInstantOrNull(0) shouldBe null
        row.get<Instant?>(0) shouldBe null
        shouldThrow<TypeMismatchException> { row.getInstant("t") }.message shouldContain "\"t\" is NULL"
    }

    test("a timestamp without time zone, or a text column, is not an instant") {
        val row = conn.query("SELECT '2024-01-01 00:00'::timestamp AS local, 'x'::text AS word").rows.single()
        shouldThrow<TypeMismatchException> { row.getInstant(0) }.message shouldContain "\"local\" of type timestamp cannot be read as Instant"
        shouldThrow<TypeMismatchException> { row.getInstant(1) }
    }

    test("json and jsonb read as their text, the same in binary and text formats, NULL as null") {
        val doc = """{"a": [1, 2.5, "é"], "b": {"c": null}}"""
        val binary = conn.query("SELECT $1::jsonb AS b, $1::json AS j, NULL::jsonb AS n", doc).rows.single()
        val text = conn.simpleQuery("SELECT '$doc'::jsonb, '$doc'::json").single().rows.single()
        binary.getString("b") shouldBe text.getString(0)
        binary.getString("b") shouldBe binary.getObject(0).toString()
        binary.getString("j") shouldBe doc
        text.getString(1) shouldBe doc
        binary.getStringOrNull("n") shouldBe null
        binary.get<String?>(2) shouldBe null
    }

    test("one statement's results keep exactly their own rows as their sizes change") {
        for (n in listOf(3, 2_000, 1, 0, 70_000, 5)) {
            val rows = conn.query("SELECT g FROM generate_series(1, $1::int) g", n).rows
            rows.size shouldBe n
            rows.forEachIndexed { i, row -> row.getInt(0) shouldBe i + 1 }
        }
    }
})
