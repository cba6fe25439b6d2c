package io.databridge.ktor

import kotlin.reflect.KMutableProperty1
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/**
 * One setting under `databridge.pool`: its name in the application config, its environment variable, how its text
 * is read and which values it accepts.
 */
internal class PoolSetting<T : Any>(
    /** The name under `databridge.pool` and in `install(DataBridge) { pool { … } }`. */
    val name: String,
    /** What the setting does, for the configuration reference. */
    val meaning: String,
    /** What a valid value looks like, for messages and the configuration reference. */
    val expected: String,
    private val property: KMutableProperty1<DataBridgePoolConfig, T?>,
    private val parse: (String) -> T?,
    private val accepts: (T) -> Boolean,
) {
    private val snakeName = name.replace(Regex("([a-z])([A-Z])"), "$1_$2").lowercase()

    /** `DATABRIDGE_POOL_MAX_SIZE` for `maxSize`. */
    val environmentVariable: String = "DATABRIDGE_POOL_" + snakeName.uppercase()

    /** `pool_max_size` for `maxSize`: the key the connection string and core's messages use. */
    val connectionStringKey: String = "pool_$snakeName"

    /** Whether [config] sets this setting. */
    fun isSetIn(config: DataBridgePoolConfig): Boolean = property.get(config) != null

    /** Reads [text], given as [key], into [target]; a bad value fails naming [key]. */
    fun read(key: String, text: String, target: DataBridgePoolConfig) {
        val value = parse(text.trim())?.takeIf(accepts) ?: throw invalid(key, "\"$text\"")
        property.set(target, value)
    }

    /** Copies this setting from [source] to [target] when [source] sets it; a bad value fails naming [key]. */
    fun override(key: String, source: DataBridgePoolConfig, target: DataBridgePoolConfig) {
        val value = property.get(source) ?: return
        if (!accepts(value)) throw invalid(key, value.toString())
        property.set(target, value)
    }

    private fun invalid(key: String, shown: String) = DataBridgeConfigException(key, "$key: expected $expected, was $shown")

    internal companion object {
        private val DURATION = Regex("""(\d+)\s*(ms|s|min|h|d)?""")
        private const val DURATION_SYNTAX = "an integer with an optional unit ms, s, min, h or d (seconds without one)"

        /** Every pool setting, in the order the documentation lists them. */
        val all: List<PoolSetting<*>> = listOf(
            int("maxSize", "the most connections the pool opens (default 10)", DataBridgePoolConfig::maxSize, "a positive integer") { it > 0 },
            int("minSize", "connections kept open even when idle (default 0)", DataBridgePoolConfig::minSize, "a non-negative integer") { it >= 0 },
            duration("acquireTimeout", "how long a call waits for a connection (default 30s)", DataBridgePoolConfig::acquireTimeout, "a positive duration") {
                it.isPositive()
            },
            duration("maxLifetime", "how long a connection lives at most (default 30min)", DataBridgePoolConfig::maxLifetime, "a non-negative duration (0 for forever)") {
                !it.isNegative()
            },
            duration("idleTimeout", "how long an idle connection above the minimum is kept (default 10min)", DataBridgePoolConfig::idleTimeout, "a non-negative duration (0 for forever)") {
                !it.isNegative()
            },
            duration("closeTimeout", "how long stopping the application waits for borrowed connections (default 30s)", DataBridgePoolConfig::closeTimeout, "a non-negative duration") {
                !it.isNegative()
            },
            duration("leakThreshold", "a connection borrowed longer than this is logged as a possible leak (default never)", DataBridgePoolConfig::leakThreshold, "a non-negative duration (0 for never)") {
                !it.isNegative()
            },
            int("maxSharedInFlight", "shared statements one connection pipelines at once (default 16)", DataBridgePoolConfig::maxSharedInFlight, "a positive integer") { it > 0 },
        )

        private fun int(
            name: String,
            meaning: String,
            property: KMutableProperty1<DataBridgePoolConfig, Int?>,
            expected: String,
            accepts: (Int) -> Boolean,
        ) = PoolSetting(name, meaning, expected, property, String::toIntOrNull, accepts)

        private fun duration(
            name: String,
            meaning: String,
            property: KMutableProperty1<DataBridgePoolConfig, Duration?>,
            expected: String,
            accepts: (Duration) -> Boolean,
        ) = PoolSetting(name, meaning, "$expected: $DURATION_SYNTAX", property, ::parseDuration, accepts)

        /** The connection string's duration syntax (`30s`, `500ms`, `5min`), so both places read alike. */
        private fun parseDuration(text: String): Duration? {
            val match = DURATION.matchEntire(text) ?: return null
            val amount = match.groupValues[1].toLongOrNull() ?: return null
            return when (match.groupValues[2]) {
                "ms" -> amount.milliseconds
                "", "s" -> amount.seconds
                "min" -> amount.minutes
                "h" -> amount.hours
                else -> amount.days
            }
        }
    }
}
