package io.databridge.pg

import io.databridge.pg.config.InvalidConfigException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.comparables.shouldBeGreaterThanOrEqualTo
import io.kotest.matchers.comparables.shouldBeLessThanOrEqualTo
import io.kotest.matchers.shouldBe
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class ListenerSettingsSpec : FunSpec({
    test("the reconnection delay doubles from the initial delay, stays within [half, all] of it and never exceeds the cap") {
        val settings = ListenerSettings(reconnectInitialDelay = 100.milliseconds, reconnectMaxDelay = 2.seconds)
        val random = Random(42)
        for (attempt in 0..40) {
            val ceiling = minOf(100.milliseconds * (1L shl minOf(attempt, 30)).toDouble(), 2.seconds)
            repeat(50) {
                val delay = settings.reconnectDelay(attempt, random)
                delay shouldBeGreaterThanOrEqualTo ceiling / 2
                delay shouldBeLessThanOrEqualTo ceiling
            }
        }
        settings.reconnectDelay(Int.MAX_VALUE, random) shouldBeLessThanOrEqualTo 2.seconds
    }

    test("the delays are jittered, not all equal") {
        val settings = ListenerSettings()
        List(20) { settings.reconnectDelay(3) }.toSet().size shouldBeGreaterThanOrEqualTo 2
    }

    test("invalid settings are refused with the offending key") {
        shouldThrow<InvalidConfigException> { ListenerSettings(reconnectInitialDelay = Duration.ZERO) }.key shouldBe "reconnectInitialDelay"
        shouldThrow<InvalidConfigException> { ListenerSettings(reconnectMaxDelay = 10.milliseconds) }.key shouldBe "reconnectMaxDelay"
        shouldThrow<InvalidConfigException> { ListenerSettings(maxReconnectAttempts = 0) }.key shouldBe "maxReconnectAttempts"
        shouldThrow<InvalidConfigException> { ListenerSettings(livenessCheckInterval = (-1).seconds) }.key shouldBe "livenessCheckInterval"
        shouldThrow<InvalidConfigException> { ListenerSettings(pingTimeout = Duration.ZERO) }.key shouldBe "pingTimeout"
        shouldThrow<InvalidConfigException> { ListenerSettings(subscriberBufferCapacity = 0) }.key shouldBe "subscriberBufferCapacity"
    }
})
