@file:OptIn(ExperimentalCoroutinesApi::class)

package io.databridge.pg.pool

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

class SharedLeaseSpec : FunSpec({
    val base = PoolSettings(
        name = "shared",
        maxSize = 2,
        maxSharedInFlight = 4,
        acquireTimeout = 1.seconds,
        lifetimeJitter = Duration.ZERO,
        maintenanceInterval = 1.seconds,
    )

    fun loads(leases: List<PoolLease<TestResource>>): List<Int> =
        leases.groupingBy { it.resource.id }.eachCount().values.toList()

    test("shared leases go to the least-loaded resource and fill every resource up to the in-flight limit") {
        poolTest(base.copy(minSize = 2)) { (pool) ->
            runCurrent()
            val first = (1..4).map { pool.leaseShared() }
            loads(first) shouldContainExactlyInAnyOrder listOf(2, 2)
            pool.stats().inUse shouldBe 2
            pool.stats().idle shouldBe 0
            val more = (1..4).map { pool.leaseShared() }
            loads(first + more) shouldContainExactlyInAnyOrder listOf(4, 4)
            shouldThrow<PoolTimeoutException> { pool.leaseShared() }.message shouldContain "a shared resource"
            (first + more).forEach { it.release() }
            pool.stats().idle shouldBe 2
            pool.stats().totalSharedLeases shouldBe 8L
        }
    }

    test("a new resource is created only when every open one is at the limit") {
        poolTest(base.copy(maxSize = 3, maxSharedInFlight = 2)) { fixture ->
            val leases = (1..5).map { fixture.pool.leaseShared() }
            fixture.factory.created.size shouldBe 3
            loads(leases) shouldContainExactlyInAnyOrder listOf(2, 2, 1)
            leases.forEach { it.release() }
        }
    }

    test("a resource borrowed exclusively is never leased for shared work") {
        poolTest(base.copy(maxSharedInFlight = 2)) { (pool) ->
            val exclusive = pool.acquire()
            val leases = (1..2).map { pool.leaseShared() }
            leases.forEach { it.resource shouldNotBe exclusive.resource }
            shouldThrow<PoolTimeoutException> { pool.leaseShared() }
            exclusive.release()
            val third = pool.leaseShared()
            third.resource shouldBe exclusive.resource
            (leases + third).forEach { it.release() }
        }
    }

    test("an exclusive acquire creates a resource rather than take one with shared work in flight") {
        poolTest(base) { (pool) ->
            val shared = pool.leaseShared()
            val exclusive = pool.acquire()
            exclusive.resource shouldNotBe shared.resource
            exclusive.release()
            shared.release()
        }
    }

    test("at max size an exclusive waiter drains a shared resource, and later shared leases queue behind it") {
        poolTest(base.copy(maxSize = 1, acquireTimeout = 10.seconds)) { (pool) ->
            val shared = pool.leaseShared()
            val exclusive = async { pool.acquire() }
            runCurrent()
            val laterShared = async { pool.leaseShared() }
            runCurrent()
            pool.stats().waiters shouldBe 2
            laterShared.isCompleted shouldBe false
            advanceTimeBy(2.seconds)
            shared.release()
            runCurrent()
            val held = exclusive.await()
            held.resource shouldBe shared.resource
            laterShared.isCompleted shouldBe false
            held.release()
            laterShared.await().resource shouldBe shared.resource
            laterShared.await().release()
            pool.stats().idle shouldBe 1
        }
    }

    test("a long-idle resource is validated before it carries shared work") {
        poolTest(base.copy(validateAfterIdle = 5.seconds)) { fixture ->
            val first = fixture.pool.useShared { it }
            advanceTimeBy(6.seconds)
            first.validateResult = false
            val second = fixture.pool.useShared { it }
            second shouldNotBe first
            runCurrent()
            first.closes.get() shouldBe 1
            first.resets.get() shouldBe 0
        }
    }

    test("a broken or expired resource is discarded when its last shared operation ends") {
        poolTest(base.copy(maxLifetime = 10.seconds)) { fixture ->
            val a = fixture.pool.leaseShared()
            val b = fixture.pool.leaseShared()
            a.resource shouldBe b.resource
            a.resource.broken = true
            a.release()
            a.resource.closes.get() shouldBe 0
            val c = fixture.pool.leaseShared()
            c.resource shouldNotBe a.resource
            b.release()
            runCurrent()
            a.resource.closes.get() shouldBe 1
            advanceTimeBy(11.seconds)
            c.release()
            runCurrent()
            c.resource.closes.get() shouldBe 1
            fixture.pool.stats().size shouldBe 0
        }
    }

    test("a resource busy with work a borrower gave up is leased to no one; when its last lease ends it is reset and, failing that, replaced") {
        poolTest(base.copy(maxSize = 1, acquireTimeout = 10.seconds)) { (pool, factory) ->
            val first = pool.leaseShared()
            val stuck = first.resource
            // Leased before the work was given up: already pipelined behind it.
            val second = pool.leaseShared()
            second.resource shouldBe stuck
            stuck.busyWithAbandonedWork = true
            stuck.resetResult = false
            val waiting = async { pool.leaseShared() }
            runCurrent()
            waiting.isCompleted shouldBe false
            first.release()
            runCurrent()
            waiting.isCompleted shouldBe false
            stuck.resets.get() shouldBe 0
            second.release()
            runCurrent()
            stuck.resets.get() shouldBe 1
            stuck.closes.get() shouldBe 1
            val fresh = waiting.await()
            fresh.resource shouldNotBe stuck
            factory.created.size shouldBe 2
            pool.stats().discarded shouldBe 1L
            fresh.release()
            pool.stats().size shouldBe 1
            pool.stats().idle shouldBe 1
        }
    }

    test("a resource whose given-up work ends during its reset returns to service") {
        poolTest(base.copy(maxSize = 1)) { (pool) ->
            val lease = pool.leaseShared()
            val resource = lease.resource
            resource.busyWithAbandonedWork = true
            lease.release()
            runCurrent()
            resource.resets.get() shouldBe 1
            resource.busyWithAbandonedWork = false
            pool.stats().idle shouldBe 1
            val again = pool.leaseShared()
            again.resource shouldBe resource
            again.release()
            pool.stats().discarded shouldBe 0L
        }
    }
})
