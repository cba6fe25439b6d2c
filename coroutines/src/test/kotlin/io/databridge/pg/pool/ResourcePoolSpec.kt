@file:OptIn(ExperimentalCoroutinesApi::class)

package io.databridge.pg.pool

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class ResourcePoolSpec : FunSpec({
    val base = PoolSettings(name = "spec", maxSize = 2, lifetimeJitter = Duration.ZERO, maintenanceInterval = 1.seconds)

    test("an acquisition that times out says how full the pool is") {
        poolTest(base.copy(acquireTimeout = 2.seconds)) { (pool) ->
            val a = pool.acquire()
            val b = pool.acquire()
            val started = testScheduler.currentTime
            val failure = shouldThrow<PoolTimeoutException> { pool.acquire() }
            (testScheduler.currentTime - started) shouldBe 2000L
            failure.message shouldContain "pool 'spec'"
            failure.message shouldContain "size=2, idle=0, in use=2, waiters=0, pending creations=0, max=2"
            pool.stats().timeouts shouldBe 1L
            pool.stats().waiters shouldBe 0
            a.release()
            b.release()
        }
    }

    test("minSize resources are created in the background before anyone asks") {
        poolTest(base.copy(minSize = 2, maxSize = 4)) { fixture ->
            runCurrent()
            fixture.factory.created.size shouldBe 2
            fixture.pool.stats().size shouldBe 2
            fixture.pool.stats().idle shouldBe 2
        }
    }

    test("a discarded resource below minSize is replaced by the next maintenance run") {
        poolTest(base.copy(minSize = 1)) { fixture ->
            runCurrent()
            val first = fixture.factory.created.single()
            fixture.pool.use { it.broken = true }
            fixture.pool.stats().size shouldBe 0
            advanceTimeBy(1.seconds)
            runCurrent()
            fixture.pool.stats().size shouldBe 1
            first.closes.get() shouldBe 1
            fixture.factory.created.size shouldBe 2
        }
    }

    test("1000 concurrent borrowers never see more than maxSize resources") {
        poolTest(base.copy(maxSize = 5, acquireTimeout = 10.seconds)) { fixture ->
            val concurrent = AtomicInteger()
            val peak = AtomicInteger()
            val jobs = (1..1000).map { i ->
                launch {
                    fixture.pool.use { resource ->
                        resource.exclusiveUsers.incrementAndGet() shouldBe 1
                        peak.accumulateAndGet(concurrent.incrementAndGet(), ::maxOf)
                        delay((i % 7 + 1).milliseconds)
                        concurrent.decrementAndGet()
                        resource.exclusiveUsers.decrementAndGet()
                    }
                }
            }
            jobs.forEach { it.join() }
            peak.get() shouldBe 5
            fixture.factory.created.size shouldBe 5
            val stats = fixture.pool.stats()
            stats.totalAcquired shouldBe 1000L
            stats.acquireTime.count shouldBe 1000L
            stats.inUse shouldBe 0
            stats.idle shouldBe 5
        }
    }

    test("waiters are served in the order they arrived") {
        poolTest(base.copy(maxSize = 1)) { (pool) ->
            val holder = pool.acquire()
            val served = CopyOnWriteArrayList<Int>()
            val waiters = (1..5).map { n ->
                launch { pool.use { served.add(n); delay(10.milliseconds) } }.also { runCurrent() }
            }
            pool.stats().waiters shouldBe 5
            holder.release()
            waiters.forEach { it.join() }
            served shouldContainExactly listOf(1, 2, 3, 4, 5)
        }
    }

    test("a resource past its lifetime is retired when returned, never while borrowed") {
        poolTest(base.copy(maxLifetime = 10.seconds)) { fixture ->
            val lease = fixture.pool.acquire()
            advanceTimeBy(15.seconds)
            runCurrent()
            lease.resource.closes.get() shouldBe 0
            fixture.pool.stats().size shouldBe 1
            lease.release()
            runCurrent()
            lease.resource.closes.get() shouldBe 1
            fixture.pool.use { it shouldNotBe lease.resource }
        }
    }

    test("an idle resource past its lifetime is closed by maintenance") {
        poolTest(base.copy(maxLifetime = 10.seconds)) { fixture ->
            fixture.pool.use { }
            advanceTimeBy(10.5.seconds)
            runCurrent()
            fixture.factory.created.single().closes.get() shouldBe 1
            fixture.pool.stats().size shouldBe 0
        }
    }

    test("lifetimes are jittered downwards within the configured jitter") {
        poolTest(base.copy(maxSize = 20, maxLifetime = 10.seconds, lifetimeJitter = 4.seconds)) { (pool) ->
            val leases = (1..20).map { pool.acquire() }
            val lifetimes = leases.map { it.entry.lifetime }
            lifetimes.forEach { (it >= 6.seconds && it <= 10.seconds) shouldBe true }
            lifetimes.toSet().size shouldNotBe 1
            leases.forEach { it.release() }
        }
    }

    test("idle resources above minSize are closed after the idle timeout") {
        poolTest(base.copy(minSize = 1, maxSize = 3, idleTimeout = 30.seconds)) { fixture ->
            val leases = (1..3).map { fixture.pool.acquire() }
            leases.forEach { it.release() }
            advanceTimeBy(29.seconds)
            runCurrent()
            fixture.pool.stats().size shouldBe 3
            advanceTimeBy(2.seconds)
            runCurrent()
            fixture.pool.stats().size shouldBe 1
            fixture.factory.open.size shouldBe 1
        }
    }

    test("a long-idle resource is validated before hand-out and replaced when validation fails") {
        poolTest(base.copy(validateAfterIdle = 5.seconds)) { fixture ->
            val first = fixture.pool.use { it }
            fixture.pool.use { it shouldBe first }
            first.validations.get() shouldBe 0
            advanceTimeBy(6.seconds)
            fixture.pool.use { it shouldBe first }
            first.validations.get() shouldBe 1
            advanceTimeBy(6.seconds)
            first.validateResult = false
            val second = fixture.pool.use { it }
            second shouldNotBe first
            first.validations.get() shouldBe 2
            runCurrent()
            first.closes.get() shouldBe 1
            fixture.pool.stats().discarded shouldBe 1L
        }
    }

    test("a resource whose reset fails, or that is broken, is discarded on release") {
        poolTest(base) { fixture ->
            val first = fixture.pool.use { it }
            first.resets.get() shouldBe 1
            fixture.pool.stats().idle shouldBe 1
            fixture.pool.use { it.resetResult = false }
            runCurrent()
            first.closes.get() shouldBe 1
            fixture.pool.stats().size shouldBe 0
            val second = fixture.pool.use { it.broken = true; it }
            second.resets.get() shouldBe 0
            runCurrent()
            second.closes.get() shouldBe 1
            fixture.pool.stats().size shouldBe 0
        }
    }

    test("a resource held past the leak threshold is reported once, with where it was borrowed") {
        poolTest(base.copy(leakThreshold = 5.seconds, captureBorrowStackTrace = true)) { fixture ->
            val lease = fixture.pool.acquire()
            advanceTimeBy(4.seconds)
            runCurrent()
            fixture.logger.warnings().size shouldBe 0
            advanceTimeBy(2.seconds)
            runCurrent()
            val warning = fixture.logger.warnings().single()
            warning.message shouldContain "leak threshold 5s"
            warning.message shouldContain "TestResource#1"
            val site = warning.thrown.shouldBeInstanceOf<BorrowSite>()
            site.stackTrace.any { it.className.startsWith("io.databridge.pg.pool.ResourcePoolSpec") } shouldBe true
            advanceTimeBy(10.seconds)
            runCurrent()
            fixture.logger.warnings().size shouldBe 1
            fixture.pool.stats().leaksReported shouldBe 1L
            lease.release()
        }
    }

    test("close stops handing out, fails waiters, and waits for borrowed resources") {
        poolTest(base.copy(maxSize = 2)) { fixture ->
            val idleOne = fixture.pool.use { it }
            val borrowed = fixture.pool.acquire()
            val other = fixture.pool.acquire()
            val waiter = async { runCatching { fixture.pool.acquire() } }
            runCurrent()
            val closing = launch { fixture.pool.close() }
            runCurrent()
            waiter.await().exceptionOrNull().shouldBeInstanceOf<PoolClosedException>()
            shouldThrow<PoolClosedException> { fixture.pool.acquire() }
            shouldThrow<PoolClosedException> { fixture.pool.leaseShared() }
            borrowed.resource.closes.get() shouldBe 0
            idleOne shouldBe borrowed.resource
            advanceTimeBy(3.seconds)
            borrowed.release()
            closing.isCompleted shouldBe false
            other.release()
            runCurrent()
            closing.isCompleted shouldBe true
            fixture.factory.created.forEach { it.closes.get() shouldBe 1 }
            fixture.pool.stats().size shouldBe 0
        }
    }

    test("close gives up waiting after closeTimeout and closes borrowed resources anyway") {
        poolTest(base.copy(closeTimeout = 5.seconds)) { fixture ->
            val lease = fixture.pool.acquire()
            val started = testScheduler.currentTime
            fixture.pool.close()
            (testScheduler.currentTime - started) shouldBe 5000L
            lease.resource.closes.get() shouldBe 1
            fixture.logger.warnings().single().message shouldContain "still borrowed"
            lease.release()
            lease.resource.resets.get() shouldBe 0
            lease.resource.closes.get() shouldBe 1
        }
    }

    test("a creation in progress when the pool closes is closed, not handed out") {
        poolTest(base) { fixture ->
            fixture.factory.creationDelay = 3.seconds
            fixture.factory.ignoreCancellation = true
            val waiter = async { runCatching { fixture.pool.acquire() } }
            runCurrent()
            fixture.pool.stats().pendingCreations shouldBe 1
            val started = testScheduler.currentTime
            fixture.pool.close()
            (testScheduler.currentTime - started) shouldBe 3000L
            waiter.await().exceptionOrNull().shouldBeInstanceOf<PoolClosedException>()
            fixture.pool.stats().pendingCreations shouldBe 0
            fixture.pool.stats().size shouldBe 0
            fixture.factory.created.single().closes.get() shouldBe 1
        }
    }

    test("a creation failure reaches the waiter that caused it, typed, and later waiters get a new attempt") {
        poolTest(base) { fixture ->
            fixture.factory.failuresToCome = 1
            val failure = shouldThrow<PoolCreationException> { fixture.pool.acquire() }
            failure.cause shouldBeSameInstanceAs fixture.factory.failure
            failure.message shouldContain "server down"
            fixture.pool.stats().creationFailures shouldBe 1L
            fixture.pool.stats().size shouldBe 0
            fixture.pool.use { it.id shouldBe 1 }
        }
    }

    test("with several waiters, one failed creation fails one waiter and the others are served") {
        poolTest(base.copy(maxSize = 1)) { fixture ->
            fixture.factory.creationDelay = 1.seconds
            fixture.factory.failuresToCome = 1
            val first = async { runCatching { fixture.pool.use { it.id } } }
            val second = async { runCatching { fixture.pool.use { it.id } } }
            first.await().exceptionOrNull().shouldBeInstanceOf<PoolCreationException>()
            second.await().getOrThrow() shouldBe 1
            fixture.pool.stats().creationFailures shouldBe 1L
            fixture.pool.stats().creations shouldBe 1L
        }
    }

    test("a waiter cancelled just as a resource is handed to it returns the resource to the pool") {
        poolTest(base.copy(maxSize = 1)) { (pool) ->
            val holder = pool.acquire()
            val waiter = launch { pool.use { error("must not run") } }
            runCurrent()
            holder.release()
            waiter.cancel()
            runCurrent()
            waiter.isCancelled shouldBe true
            val stats = pool.stats()
            stats.idle shouldBe 1
            stats.inUse shouldBe 0
            stats.waiters shouldBe 0
            pool.use { it shouldBe holder.resource }
        }
    }

    test("a waiter cancelled while waiting leaves no trace") {
        poolTest(base.copy(maxSize = 1)) { (pool) ->
            val holder = pool.acquire()
            val waiter = launch { pool.acquire() }
            runCurrent()
            pool.stats().waiters shouldBe 1
            waiter.cancel()
            runCurrent()
            pool.stats().waiters shouldBe 0
            holder.release()
            pool.stats().idle shouldBe 1
        }
    }

    test("releasing a lease twice is refused") {
        poolTest(base) { (pool) ->
            val lease = pool.acquire()
            lease.release()
            shouldThrow<PoolMisuseException> { lease.release() }.message shouldContain "already released"
        }
    }

    test("the acquire-time statistics reflect the waits") {
        poolTest(base.copy(maxSize = 1)) { (pool) ->
            val holder = pool.acquire()
            val waiter = async { pool.use { } }
            runCurrent()
            advanceTimeBy(2.seconds)
            holder.release()
            waiter.await()
            val summary = pool.stats().acquireTime
            summary.count shouldBe 2L
            summary.max shouldBe 2.seconds
            summary.p99 shouldBe 2.seconds
            summary.p50 shouldBe Duration.ZERO
        }
    }

    test("contradictory settings are refused with a typed exception") {
        shouldThrow<PoolMisuseException> { PoolSettings(minSize = 3, maxSize = 2) }.message shouldContain "minSize"
        shouldThrow<PoolMisuseException> { PoolSettings(maxLifetime = 1.seconds, lifetimeJitter = 2.seconds) }
        shouldThrow<PoolMisuseException> { PoolSettings(maxSharedInFlight = 0) }
    }

    test("a failed warm-up creation is logged and retried by the next maintenance run") {
        poolTest(base.copy(minSize = 1)) { fixture ->
            fixture.factory.failuresToCome = 1
            runCurrent()
            fixture.pool.stats().size shouldBe 0
            fixture.logger.warnings().single().thrown shouldBeSameInstanceAs fixture.factory.failure
            advanceTimeBy(1.seconds)
            runCurrent()
            fixture.pool.stats().size shouldBe 1
        }
    }

    test("toString shows the state but nothing of the resources") {
        poolTest(base) { (pool) ->
            pool.toString() shouldContain "size=0, idle=0, in use=0"
        }
    }

    test("a resource whose validation throws is replaced, and a failing close is logged, not thrown") {
        poolTest(base.copy(validateAfterIdle = 1.seconds)) { fixture ->
            val first = fixture.pool.use { it }
            advanceTimeBy(2.seconds)
            first.failure = IllegalStateException("socket reset")
            fixture.pool.use { it shouldNotBe first }
            runCurrent()
            first.closes.get() shouldBe 1
            // Coroutine stack-trace recovery may hand the logger a copy, so compare what it says.
            val logged = fixture.logger.warnings().single()
            logged.message shouldContain "closing a resource failed"
            logged.thrown.shouldBeInstanceOf<IllegalStateException>().message shouldBe "socket reset"
        }
    }
})
