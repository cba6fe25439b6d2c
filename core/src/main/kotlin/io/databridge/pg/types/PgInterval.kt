package io.databridge.pg.types

import java.time.Duration
import java.time.Period

/**
 * A PostgreSQL `interval`: its three independent fields, kept apart because a month is not a fixed number of days
 * and a day is not always 24 hours (DST).
 */
public data class PgInterval(
    /** Whole months (years × 12 + months). */
    public val months: Int,
    /** Whole days. */
    public val days: Int,
    /** The time part in microseconds. */
    public val microseconds: Long,
) {
    /** The calendar part as a [Period] (years, months, days); fails when the time part is not zero. */
    public fun toPeriod(): Period {
        require(microseconds == 0L) { "interval has a time part; use toDuration() or read the fields" }
        return Period.of(months / 12, months % 12, days)
    }

    /**
     * An exact [Duration] by PostgreSQL's own comparison rule (`interval_cmp`): a month counts 30 days, a day 24 hours.
     */
    public fun toDuration(): Duration =
        Duration.ofDays(months * 30L + days).plusNanos(Math.multiplyExact(microseconds, 1000L))

    /** Builders and the infinities. */
    public companion object {
        /** PostgreSQL 17's `infinity` interval. */
        @JvmField
        public val INFINITY: PgInterval = PgInterval(Int.MAX_VALUE, Int.MAX_VALUE, Long.MAX_VALUE)

        /** PostgreSQL 17's `-infinity` interval. */
        @JvmField
        public val NEGATIVE_INFINITY: PgInterval = PgInterval(Int.MIN_VALUE, Int.MIN_VALUE, Long.MIN_VALUE)

        /** [duration] as a time-only interval, truncated to microseconds; fails beyond ±292 thousand years. */
        @JvmStatic
        public fun of(duration: Duration): PgInterval {
            val micros = Math.addExact(Math.multiplyExact(duration.seconds, 1_000_000L), duration.nano / 1000L)
            return PgInterval(0, 0, micros)
        }

        /** [period] as a months-and-days interval; fails when the months do not fit 32 bits. */
        @JvmStatic
        public fun of(period: Period): PgInterval =
            PgInterval(Math.toIntExact(period.toTotalMonths()), period.days, 0)
    }
}
