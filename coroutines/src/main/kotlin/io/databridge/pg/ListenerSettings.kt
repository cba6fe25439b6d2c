package io.databridge.pg

import io.databridge.pg.config.InvalidConfigException
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** How a [PgListener] watches its connection, reconnects, and buffers for slow subscribers. */
public data class ListenerSettings(
    /** The base delay before the first reconnection attempt; it doubles per failed attempt. */
    val reconnectInitialDelay: Duration = 100.milliseconds,
    /** The longest delay between reconnection attempts. */
    val reconnectMaxDelay: Duration = 10.seconds,
    /** Failed reconnection attempts in a row after which the listener closes and its flows fail with the last error. */
    val maxReconnectAttempts: Int = Int.MAX_VALUE,
    /** How often the connection's state is checked (a server-side close is seen within this time). */
    val livenessCheckInterval: Duration = 200.milliseconds,
    /** How often a `SELECT 1` probes the connection, to notice a peer that vanished without closing the socket. */
    val pingInterval: Duration = 30.seconds,
    /** How long a probe may take before the connection is considered lost. */
    val pingTimeout: Duration = 10.seconds,
    /** Notifications buffered per subscriber; a subscriber further behind fails with [NotificationOverflowException]. */
    val subscriberBufferCapacity: Int = 4096,
) {
    init {
        positive("reconnectInitialDelay", reconnectInitialDelay)
        positive("livenessCheckInterval", livenessCheckInterval)
        positive("pingInterval", pingInterval)
        positive("pingTimeout", pingTimeout)
        if (reconnectMaxDelay < reconnectInitialDelay) {
            throw InvalidConfigException("reconnectMaxDelay", "reconnectMaxDelay ($reconnectMaxDelay) must not be below reconnectInitialDelay ($reconnectInitialDelay)")
        }
        if (maxReconnectAttempts < 1) throw InvalidConfigException("maxReconnectAttempts", "maxReconnectAttempts must be at least 1, was $maxReconnectAttempts")
        if (subscriberBufferCapacity < 1) {
            throw InvalidConfigException("subscriberBufferCapacity", "subscriberBufferCapacity must be at least 1, was $subscriberBufferCapacity")
        }
    }

    /**
     * The wait before reconnection attempt [attempt] (0-based): exponential from [reconnectInitialDelay], capped at
     * [reconnectMaxDelay], with "equal jitter" (between half and all of it) so many clients do not retry in step.
     */
    internal fun reconnectDelay(attempt: Int, random: Random = Random.Default): Duration {
        val doublings = attempt.coerceIn(0, 30)
        val ceiling = (reconnectInitialDelay * (1L shl doublings).toDouble()).coerceAtMost(reconnectMaxDelay)
        return ceiling / 2 + ceiling / 2 * random.nextDouble()
    }

    private fun positive(key: String, value: Duration) {
        if (!value.isPositive()) throw InvalidConfigException(key, "$key must be positive, was $value")
    }
}
