package io.databridge.pg

import io.databridge.pg.errors.PgServerException
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Re-runs a whole transaction block that failed with a serialization failure (40001) or a deadlock (40P01), at most
 * [maxAttempts] times in all, waiting an exponentially growing, jittered backoff between attempts.
 */
public data class RetryPolicy(
    /** Attempts in all, the first one included. */
    val maxAttempts: Int = 3,
    /** The wait before the second attempt. */
    val initialBackoff: Duration = 10.milliseconds,
    /** The longest wait between attempts. */
    val maxBackoff: Duration = 1.seconds,
    /** The factor each further wait grows by. */
    val multiplier: Double = 2.0,
) {
    init {
        require(maxAttempts >= 1) { "maxAttempts must be at least 1, was $maxAttempts" }
        require(!initialBackoff.isNegative() && !maxBackoff.isNegative()) { "backoffs must not be negative" }
        require(multiplier >= 1.0) { "multiplier must be at least 1.0, was $multiplier" }
    }

    /** The wait after failed attempt number [attempt] (1-based): full jitter between half and all of the backoff. */
    internal fun backoff(attempt: Int, random: Random = Random.Default): Duration {
        var wait = initialBackoff
        repeat(attempt - 1) { wait = minOf(wait * multiplier, maxBackoff) }
        return minOf(wait, maxBackoff) * (0.5 + random.nextDouble() * 0.5)
    }

    internal companion object {
        /** Whether [failure] (or what caused it) is an error after which running the transaction again may succeed. */
        fun isRetryable(failure: Throwable): Boolean {
            var current: Throwable? = failure
            while (current != null) {
                if (current is PgServerException && current.isRetryable) return true
                current = current.cause?.takeIf { it !== current }
            }
            return false
        }
    }
}
