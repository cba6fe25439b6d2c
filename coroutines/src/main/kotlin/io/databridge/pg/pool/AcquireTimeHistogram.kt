package io.databridge.pg.pool

import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicLongArray
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds

/**
 * Lock-free log-linear histogram of nanosecond durations: each power of two is split into four buckets, so a
 * recorded value is reported at most 19% high, in 256 counters with no allocation per record.
 */
internal class AcquireTimeHistogram {
    private val counts = AtomicLongArray(BUCKETS)
    private val total = AtomicLong()
    private val maxNanos = AtomicLong()

    fun record(duration: Duration) {
        val nanos = duration.inWholeNanoseconds.coerceAtLeast(0)
        counts.incrementAndGet(bucketOf(nanos))
        total.incrementAndGet()
        maxNanos.accumulateAndGet(nanos, ::maxOf)
    }

    fun summary(): AcquireTimeSummary {
        val snapshot = LongArray(BUCKETS) { counts.get(it) }
        val count = snapshot.sum()
        return AcquireTimeSummary(
            count = count,
            p50 = percentile(snapshot, count, 0.50),
            p95 = percentile(snapshot, count, 0.95),
            p99 = percentile(snapshot, count, 0.99),
            max = maxNanos.get().nanoseconds,
        )
    }

    private fun percentile(snapshot: LongArray, count: Long, fraction: Double): Duration {
        if (count == 0L) return Duration.ZERO
        val rank = Math.ceil(count * fraction).toLong().coerceAtLeast(1)
        var seen = 0L
        for (bucket in snapshot.indices) {
            seen += snapshot[bucket]
            if (seen >= rank) return minOf(upperEdge(bucket), maxNanos.get()).nanoseconds
        }
        return maxNanos.get().nanoseconds
    }

    internal companion object {
        private const val SUB_BITS = 2
        private const val BUCKETS = 64 shl SUB_BITS

        /** Values below 4 get their own bucket; above, the top bit picks the octave and the next two the quarter. */
        fun bucketOf(nanos: Long): Int {
            if (nanos < (1L shl SUB_BITS)) return nanos.toInt()
            val top = 63 - java.lang.Long.numberOfLeadingZeros(nanos)
            val quarter = ((nanos ushr (top - SUB_BITS)) and ((1L shl SUB_BITS) - 1)).toInt()
            return ((top - SUB_BITS + 1) shl SUB_BITS) + quarter
        }

        /** The largest value that lands in [bucket]. */
        fun upperEdge(bucket: Int): Long {
            if (bucket < (1 shl SUB_BITS)) return bucket.toLong()
            val top = (bucket ushr SUB_BITS) + SUB_BITS - 1
            val quarter = (bucket and ((1 shl SUB_BITS) - 1)).toLong()
            if (top >= 62 && quarter == 3L) return Long.MAX_VALUE
            val low = (1L shl top) + (quarter shl (top - SUB_BITS))
            return low + (1L shl (top - SUB_BITS)) - 1
        }
    }
}
