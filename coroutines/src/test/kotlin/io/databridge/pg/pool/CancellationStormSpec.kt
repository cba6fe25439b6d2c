package io.databridge.pg.pool

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class CancellationStormSpec : FunSpec({
    test("10,000 exclusive and shared acquisitions cancelled at random moments on real threads leak nothing") {
        val factory = TestFactory(yieldInChecks = true)
        val poolScope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val settings = PoolSettings(
            name = "storm",
            maxSize = 4,
            maxSharedInFlight = 3,
            validateAfterIdle = Duration.ZERO,
            acquireTimeout = 60.seconds,
            maintenanceInterval = 50.milliseconds,
        )
        val pool = realPool(settings, poolScope, factory)
        val completed = AtomicInteger()
        val violations = AtomicInteger()
        try {
            val random = Random(42)
            withContext(Dispatchers.Default) {
                coroutineScope {
                    repeat(10_000) { i ->
                        val spins = random.nextInt(0, 4)
                        val job = launch {
                            if (i % 3 == 0) {
                                pool.useShared { resource ->
                                    resource.sharedUsers.incrementAndGet()
                                    try {
                                        if (resource.exclusiveUsers.get() != 0) violations.incrementAndGet()
                                        repeat(spins) { yield() }
                                    } finally {
                                        resource.sharedUsers.decrementAndGet()
                                    }
                                }
                            } else {
                                pool.use { resource ->
                                    if (resource.exclusiveUsers.incrementAndGet() != 1) violations.incrementAndGet()
                                    try {
                                        if (resource.sharedUsers.get() != 0) violations.incrementAndGet()
                                        repeat(spins) { yield() }
                                    } finally {
                                        resource.exclusiveUsers.decrementAndGet()
                                    }
                                }
                            }
                            completed.incrementAndGet()
                        }
                        val cancelAfter = random.nextInt(0, 8)
                        launch {
                            repeat(cancelAfter) { yield() }
                            job.cancel()
                        }
                    }
                }
            }
            withTimeout(10.seconds) {
                while (pool.stats().pendingCreations != 0 || factory.open.size != pool.stats().size) delay(10)
            }
            val stats = pool.stats()
            violations.get() shouldBe 0
            completed.get() shouldBeGreaterThan 0
            completed.get() shouldBeLessThanOrEqual 9_999
            stats.inUse shouldBe 0
            stats.waiters shouldBe 0
            stats.idle shouldBe stats.size
            (stats.idle + stats.inUse) shouldBe stats.size
            stats.size shouldBeLessThanOrEqual 4
            factory.open.size shouldBe stats.size
            factory.created.forEach {
                it.closes.get() shouldBeLessThanOrEqual 1
                it.exclusiveUsers.get() shouldBe 0
                it.sharedUsers.get() shouldBe 0
            }
        } finally {
            pool.close()
            poolScope.cancel()
        }
        factory.created.forEach { it.closes.get() shouldBe 1 }
    }
})
