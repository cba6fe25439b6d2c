package io.databridge.benchmark.workload

import java.math.BigDecimal
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZonedDateTime
import java.util.UUID

/**
 * An order-independent checksum of decoded mixed rows: every column feeds it, so a client must decode
 * every value. Not thread-safe: one digest per reading thread.
 */
public class MixedDigest {
    /** The rows added so far. */
    public var rows: Int = 0
        private set

    /** The running checksum. */
    public var value: Long = 0
        private set

    /** Adds one decoded row. [json] may be formatted any way: only its non-blank characters count. */
    public fun add(
        int4: Int, int8: Long, text: String, numeric: BigDecimal, ts: Instant, uuid: UUID,
        bool: Boolean, float8: Double, json: String, bytea: ByteArray,
    ) {
        var h = int4.toLong()
        h = h * 31 + int8
        h = h * 31 + text.hashCode()
        h = h * 31 + numeric.movePointRight(2).longValueExact()
        h = h * 31 + ts.epochSecond * 1_000_000L + ts.nano / 1000
        h = h * 31 + (uuid.mostSignificantBits xor uuid.leastSignificantBits)
        h = h * 31 + if (bool) 1 else 2
        h = h * 31 + float8.toRawBits()
        h = h * 31 + json.count { !it.isWhitespace() }
        h = h * 31 + bytea.contentHashCode()
        value += h
        rows++
    }

    /** Adds [row] as generated, which gives the value a correct client must reach. */
    public fun add(row: MixedRow) {
        add(row.int4, row.int8, row.text, row.numeric, row.ts.toInstant(), row.uuid, row.bool, row.float8, row.jsonb, row.bytea)
    }

    /** Finds the instant in whatever timestamptz type a driver hands back. */
    public companion object {
        /** Converts a driver's timestamptz value to an [Instant]. */
        public fun instantOf(value: Any): Instant = when (value) {
            is Instant -> value
            is OffsetDateTime -> value.toInstant()
            is ZonedDateTime -> value.toInstant()
            is org.joda.time.base.AbstractInstant -> Instant.ofEpochMilli(value.millis)
            else -> throw IllegalStateException("unexpected timestamptz type ${value.javaClass.name}")
        }
    }
}
