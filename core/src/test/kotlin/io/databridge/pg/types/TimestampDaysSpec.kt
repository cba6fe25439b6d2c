package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.OffsetDateTime
import java.time.ZoneOffset

/**
 * Timestamps and dates decode through a one-entry cache of the last day made ([PgEpoch.date]): values on the same
 * day, on alternating days, either side of midnight and before 2000 must all decode as the calendar says.
 */
class TimestampDaysSpec : FunSpec({
    // PostgreSQL's binary timestamp: microseconds since 2000-01-01 00:00 UTC.
    fun micros(at: LocalDateTime): Long = (at.toEpochSecond(ZoneOffset.UTC) - 946_684_800L) * 1_000_000L + at.nano / 1000
    fun bytes(micros: Long): ByteArray = ByteArray(8) { (micros ushr (56 - 8 * it)).toByte() }

    val instants = listOf(
        LocalDateTime.of(2024, 3, 10, 12, 0, 0, 123_456_000),
        LocalDateTime.of(2024, 3, 10, 23, 59, 59, 999_999_000),
        LocalDateTime.of(2024, 3, 11, 0, 0),
        LocalDateTime.of(2024, 3, 10, 0, 0, 0, 1_000),
        LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000),
        LocalDateTime.of(2000, 1, 1, 0, 0),
        LocalDateTime.of(1970, 1, 1, 0, 0),
        LocalDateTime.of(-4713, 11, 24, 0, 0),
        LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000),
        LocalDateTime.of(1582, 10, 15, 6, 30),
        LocalDateTime.of(2024, 2, 29, 8, 0),
    )

    test("timestamp and timestamptz decode every instant, in any order of days, to its own date and time") {
        for (round in 0 until 3) {
            for (at in if (round == 1) instants.reversed() else instants) {
                TimestampCodec.fromBinary(bytes(micros(at))) shouldBe at
                TimestampTzCodec.fromBinary(bytes(micros(at))) shouldBe at.atOffset(ZoneOffset.UTC)
            }
        }
    }

    test("timestamptz decodes straight to the same instants, infinity to Instant.MAX and -infinity to Instant.MIN") {
        for (at in instants) {
            val b = bytes(micros(at))
            TimestampTzCodec.decodeInstant(b, 0, 8) shouldBe at.toInstant(ZoneOffset.UTC)
            TimestampTzCodec.decodeInstant(b, 0, 8) shouldBe TimestampTzCodec.instantOf(TimestampTzCodec.fromBinary(b))
        }
        TimestampTzCodec.decodeInstant(bytes(Long.MAX_VALUE), 0, 8) shouldBe Instant.MAX
        TimestampTzCodec.decodeInstant(bytes(Long.MIN_VALUE), 0, 8) shouldBe Instant.MIN
        TimestampTzCodec.instantOf(OffsetDateTime.MAX) shouldBe Instant.MAX
        TimestampTzCodec.instantOf(OffsetDateTime.MIN) shouldBe Instant.MIN
        // Read at an offset inside a larger buffer, as from a receive chunk.
        val framed = byteArrayOf(9, 9, 9) + bytes(micros(instants[0])) + byteArrayOf(9)
        TimestampTzCodec.decodeInstant(framed, 3, 8) shouldBe instants[0].toInstant(ZoneOffset.UTC)
        shouldThrow<ValueDecodingException> { TimestampTzCodec.decodeInstant(ByteArray(7), 0, 7) }.message shouldContain "binary length 7"
    }

    test("consecutive values of one day share the date and keep their own times") {
        val day = LocalDate.of(2023, 11, 14)
        val values = (0 until 1440 step 7).map { day.atStartOfDay().plusMinutes(it.toLong()).plusNanos(it * 1000L) }
        values.map { TimestampCodec.fromBinary(bytes(micros(it))) } shouldBe values
    }

    test("date decodes each day as the calendar says, the cache replaced at each change") {
        val days = listOf(0, 1, 1, -1, 8_035, 8_035, -2_451_545, 2_145_031_948, 0)
        for (d in days) {
            val bytes = ByteArray(4) { (d ushr (24 - 8 * it)).toByte() }
            DateCodec.fromBinary(bytes) shouldBe LocalDate.of(2000, 1, 1).plusDays(d.toLong())
        }
    }
})
