package io.databridge.pg.pool

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.microseconds
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.nanoseconds

class AcquireTimeHistogramSpec : FunSpec({
    test("every value lands in a bucket whose upper edge is at most 25% above it, buckets in order") {
        val random = Random(3)
        val samples = (0L..64L) + (1..10_000).map { random.nextLong(0, Long.MAX_VALUE ushr random.nextInt(0, 62)) } +
            Long.MAX_VALUE
        for (value in samples) {
            val bucket = AcquireTimeHistogram.bucketOf(value)
            val edge = AcquireTimeHistogram.upperEdge(bucket)
            edge shouldBeGreaterThanOrEqual value
            if (value >= 4) (edge - value).toDouble() / value shouldBeLessThanOrEqualD 0.25
            if (bucket > 0) AcquireTimeHistogram.upperEdge(bucket - 1) shouldBeLessThanOrEqual value - 1
        }
    }

    test("percentiles and max summarise the recorded waits") {
        val histogram = AcquireTimeHistogram()
        histogram.summary() shouldBe AcquireTimeSummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO)
        repeat(90) { histogram.record(10.microseconds) }
        repeat(9) { histogram.record(1.milliseconds) }
        histogram.record(50.milliseconds)
        val summary = histogram.summary()
        summary.count shouldBe 100L
        (summary.p50 >= 10.microseconds && summary.p50 <= 12.5.microseconds) shouldBe true
        (summary.p95 >= 1.milliseconds && summary.p95 <= 1.25.milliseconds) shouldBe true
        (summary.p99 >= 1.milliseconds && summary.p99 <= 1.25.milliseconds) shouldBe true
        summary.max shouldBe 50.milliseconds
        histogram.record((-5).nanoseconds)
        histogram.summary().count shouldBe 101L
    }
})

private infix fun Double.shouldBeLessThanOrEqualD(limit: Double) {
    (this <= limit) shouldBe true
}
