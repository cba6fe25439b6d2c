package io.databridge.pg.config

import java.time.Duration

/** Parsers for the value syntaxes of connection settings; each failure names the key and (unless secret) the value. */
internal object SettingValues {
    private val INTEGER = Regex("""\s*[+-]?\d+\s*""")
    private val DURATION = Regex("""\s*(\d+)\s*(ms|s|min|h|d)?\s*""")

    /** libpq's `parse_int_param`: a decimal integer, whitespace allowed around it. */
    fun int(key: String, value: String): Int {
        if (!INTEGER.matches(value)) throw invalid(key, value, "integer value")
        return value.trim().toIntOrNull() ?: throw invalid(key, value, "integer value")
    }

    fun nonNegativeInt(key: String, value: String): Int =
        int(key, value).also { if (it < 0) throw invalid(key, value, "value (must not be negative)") }

    fun positiveInt(key: String, value: String): Int =
        int(key, value).also { if (it < 1) throw invalid(key, value, "value (must be at least 1)") }

    fun port(key: String, value: String): Int {
        val port = if (INTEGER.matches(value)) value.trim().toIntOrNull() else null
        if (port == null || port < 1 || port > 65535) {
            throw InvalidConfigException(key, "invalid port number: \"$value\"")
        }
        return port
    }

    /** A libpq boolean given as an integer: `0` is false, anything else true. */
    fun intFlag(key: String, value: String): Boolean = int(key, value) != 0

    /** Whole seconds, as libpq's timeouts and keepalive intervals are written. */
    fun seconds(key: String, value: String): Duration = Duration.ofSeconds(nonNegativeInt(key, value).toLong())

    /**
     * A data-bridge duration: a non-negative integer with an optional unit `ms`, `s`, `min`, `h` or `d`
     * (PostgreSQL's own unit names); without a unit it counts seconds, like libpq's `connect_timeout`.
     */
    fun duration(key: String, value: String): Duration {
        val m = DURATION.matchEntire(value) ?: throw invalid(key, value, "duration (e.g. 30s, 500ms, 5min)")
        val amount = m.groupValues[1].toLongOrNull() ?: throw invalid(key, value, "duration (out of range)")
        return try {
            when (m.groupValues[2]) {
                "ms" -> Duration.ofMillis(amount)
                "", "s" -> Duration.ofSeconds(amount)
                "min" -> Duration.ofMinutes(amount)
                "h" -> Duration.ofHours(amount)
                else -> Duration.ofDays(amount)
            }
        } catch (e: ArithmeticException) {
            throw InvalidConfigException(key, "invalid $key duration (out of range): \"$value\"", e)
        }
    }

    /** Writes [duration] for [SettingValues.duration], in milliseconds rounded up (whole seconds when exact). */
    fun formatDuration(key: String, duration: Duration): String {
        requireNonNegative(key, duration)
        if (duration.nano == 0) return "${duration.seconds}s"
        val millis = duration.seconds * 1000 + (duration.nano + 999_999) / 1_000_000
        return if (millis % 1000 == 0L) "${millis / 1000}s" else "${millis}ms"
    }

    /** [duration] in whole seconds, rounded up: libpq's timeouts count seconds. */
    fun ceilSeconds(key: String, duration: Duration): Long {
        requireNonNegative(key, duration)
        return duration.seconds + if (duration.nano > 0) 1 else 0
    }

    private fun requireNonNegative(key: String, duration: Duration) {
        if (duration.isNegative) throw InvalidConfigException(key, "$key must not be negative: $duration")
    }

    private fun invalid(key: String, value: String, what: String): InvalidConfigException =
        InvalidConfigException(
            key,
            if (isSecretKey(key)) "invalid $what for connection option \"$key\""
            else "invalid $what \"$value\" for connection option \"$key\"",
        )
}
