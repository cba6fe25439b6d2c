package io.databridge.pg.pool

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.lang.System.Logger.Level
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock
import kotlin.coroutines.resume
import kotlin.random.Random
import kotlin.time.ComparableTimeMark
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.TimeSource

/**
 * A pool of [PooledResource]s created by [factory], handed out exclusively ([acquire], [use]) or shared between
 * concurrent operations up to [PoolSettings.maxSharedInFlight] each ([leaseShared], [useShared]).
 *
 * Waiters are served strictly first come, first served, exclusive and shared alike, so an exclusive caller waiting
 * for a busy resource to drain is not starved by shared traffic. Background work (creations, closing, maintenance)
 * runs in a child of [scope]; call [close] to stop it gracefully. [timeSource] drives every age and deadline, so tests
 * can pass a virtual clock; [logger] receives leak warnings and close failures.
 */
public class ResourcePool<R : PooledResource>(
    private val settings: PoolSettings,
    scope: CoroutineScope,
    private val timeSource: TimeSource.WithComparableMarks = TimeSource.Monotonic,
    private val logger: System.Logger = System.getLogger(ResourcePool::class.java.name),
    private val random: Random = Random.Default,
    private val factory: suspend () -> R,
) {
    private val lock = ReentrantLock()
    private val poolJob = SupervisorJob(scope.coroutineContext[Job])
    private val creationJob = SupervisorJob(poolJob)
    private val creationScope = CoroutineScope(scope.coroutineContext + creationJob)
    private val closerJob = SupervisorJob(poolJob)
    private val closerScope = CoroutineScope(scope.coroutineContext + closerJob)

    private val entries = ArrayList<PoolEntry<R>>()

    /** Most recently returned last: hand-outs take the warmest, eviction finds the coldest first. */
    private val idle = ArrayDeque<PoolEntry<R>>()
    private val shared = ArrayList<PoolEntry<R>>()
    private val waiters = ArrayDeque<Waiter<R>>()
    private var pendingExclusiveWaiters = 0
    private var pendingSharedWaiters = 0
    private var exclusiveCount = 0
    private var checkingCount = 0
    private var pendingCreations = 0
    private var closed = false
    private val drained = CompletableDeferred<Unit>()
    private val closeDone = CompletableDeferred<Unit>()

    private var totalAcquired = 0L
    private var totalSharedLeases = 0L
    private var timeouts = 0L
    private var created = 0L
    private var creationFailures = 0L
    private var discarded = 0L
    private var leaksReported = 0L
    private val acquireTimes = AcquireTimeHistogram()

    private val maintenance: Job = CoroutineScope(scope.coroutineContext + poolJob).launch {
        while (true) {
            maintain()
            delay(settings.maintenanceInterval)
        }
    }

    /** Borrows a resource for exclusive use, waiting up to [PoolSettings.acquireTimeout]; release the lease once. */
    public suspend fun acquire(): PoolLease<R> = PoolLease(this, obtain(shared = false), isShared = false)

    /**
     * Borrows the least-loaded resource for one shared operation (pipelined with other callers' operations on the
     * same resource); never one that is borrowed exclusively. The operation must leave no session state behind.
     */
    public suspend fun leaseShared(): PoolLease<R> = PoolLease(this, obtain(shared = true), isShared = true)

    /** Runs [block] with an exclusively borrowed resource and releases it afterwards, also on failure. */
    public suspend fun <T> use(block: suspend (R) -> T): T {
        val entry = obtain(shared = false)
        try {
            return block(entry.resource)
        } finally {
            releaseExclusive(entry)
        }
    }

    /** Runs [block] as one shared operation on a leased resource and ends the lease afterwards, also on failure. */
    public suspend fun <T> useShared(block: suspend (R) -> T): T {
        val entry = obtain(shared = true)
        try {
            return block(entry.resource)
        } finally {
            releaseShared(entry)
        }
    }

    /** A consistent snapshot of sizes and counters. */
    public fun stats(): PoolStats = lock.withLock {
        PoolStats(
            size = entries.size,
            idle = idle.size,
            inUse = inUseLocked(),
            waiters = pendingExclusiveWaiters + pendingSharedWaiters,
            pendingCreations = pendingCreations,
            maxSize = settings.maxSize,
            totalAcquired = totalAcquired,
            totalSharedLeases = totalSharedLeases,
            timeouts = timeouts,
            creations = created,
            creationFailures = creationFailures,
            discarded = discarded,
            leaksReported = leaksReported,
            acquireTime = acquireTimes.summary(),
        )
    }

    /**
     * Stops handing out (waiters fail with [PoolClosedException]), closes idle resources and creations in progress,
     * waits up to [timeout] (null: [PoolSettings.closeTimeout]) for borrowed resources to come back, then closes those
     * too. Idempotent: a second caller waits for the first close to finish.
     */
    public suspend fun close(timeout: Duration? = null) {
        val first = mutate { effects ->
            if (closed) return@mutate false
            closed = true
            val failure = PoolClosedException("pool '${settings.name}' is closed")
            for (waiter in waiters) {
                if (waiter.isPending) {
                    settleLocked(waiter)
                    waiter.failure = failure
                    waiter.continuation?.let(effects::resume)
                }
            }
            waiters.clear()
            while (idle.isNotEmpty()) discardLocked(idle.last(), effects)
            true
        }
        if (!first) {
            closeDone.await()
            return
        }
        try {
            maintenance.cancel()
            creationJob.cancel()
            val wait = timeout ?: settings.closeTimeout
            val inTime = withTimeoutOrNull(wait) {
                drained.await()
                creationJob.join()
            }
            if (inTime == null) {
                val forced = mutate { effects ->
                    val borrowed = entries.toList()
                    borrowed.forEach { discardLocked(it, effects) }
                    borrowed.size
                }
                // An immediate close (no wait) forces them by design: nothing to warn about.
                if (forced > 0 && wait.isPositive()) {
                    logger.log(
                        Level.WARNING,
                        "pool '${settings.name}': closed $forced resource(s) still borrowed after $wait",
                        null as Throwable?,
                    )
                }
            }
            creationJob.join()
            closerJob.complete()
            closerJob.join()
            poolJob.cancelAndJoin()
        } finally {
            closeDone.complete(Unit)
        }
    }

    override fun toString(): String = lock.withLock { "ResourcePool(${settings.name}, ${describeLocked()})" }

    private suspend fun obtain(shared: Boolean): PoolEntry<R> {
        val start = timeSource.markNow()
        while (true) {
            val entry = claim(shared, start)
            if (prepare(entry, shared)) {
                acquireTimes.record(start.elapsedNow())
                return entry
            }
        }
    }

    /** Takes an entry (CHECKING, or SHARED with our operation counted) right away or after waiting in line. */
    private suspend fun claim(shared: Boolean, start: ComparableTimeMark): PoolEntry<R> {
        var waiter: Waiter<R>? = null
        val immediate = mutate { effects ->
            if (closed) throw PoolClosedException("pool '${settings.name}' is closed")
            if (pendingExclusiveWaiters + pendingSharedWaiters == 0) takeLocked(shared, effects)?.let { return@mutate it }
            val enqueued = Waiter<R>(shared)
            waiters.addLast(enqueued)
            if (shared) pendingSharedWaiters++ else pendingExclusiveWaiters++
            waiter = enqueued
            dispatchLocked(effects)
            null
        }
        if (immediate != null) return immediate
        val mine = waiter!!
        val signalled = try {
            withTimeoutOrNull(settings.acquireTimeout - start.elapsedNow()) {
                suspendCancellableCoroutine<Unit> { continuation -> await(mine, continuation) }
            }
        } catch (cancelled: CancellationException) {
            mutate { effects ->
                val assigned = mine.entry
                if (assigned != null) giveBackLocked(assigned, effects) else if (mine.isPending) abandonLocked(mine)
            }
            throw cancelled
        }
        if (signalled == null) {
            mutate {
                if (mine.isPending) {
                    abandonLocked(mine)
                    timeouts++
                    throw PoolTimeoutException(
                        "timed out after ${settings.acquireTimeout} waiting for ${if (shared) "a shared" else "an exclusive"} " +
                            "resource from pool '${settings.name}' (${describeLocked()})",
                    )
                }
            }
        }
        mine.failure?.let { throw it }
        return mine.entry!!
    }

    private fun await(waiter: Waiter<R>, continuation: CancellableContinuation<Unit>) {
        val settled = lock.withLock {
            if (waiter.isPending) waiter.continuation = continuation
            !waiter.isPending
        }
        if (settled) continuation.resume(Unit)
    }

    /** Validates a freshly claimed entry and marks it borrowed; false means it was discarded and the caller retries. */
    private suspend fun prepare(entry: PoolEntry<R>, shared: Boolean): Boolean {
        val needsCheck = mutate { effects ->
            when (entry.state) {
                EntryState.SHARED -> {
                    if (closed) {
                        endSharedLocked(entry, effects)
                        throw PoolClosedException("pool '${settings.name}' is closed")
                    }
                    totalSharedLeases++
                    return@mutate false
                }
                EntryState.CHECKING -> if (closed) {
                    discardLocked(entry, effects)
                    throw PoolClosedException("pool '${settings.name}' is closed")
                }
                else -> throw PoolClosedException("pool '${settings.name}' closed the resource")
            }
            true
        }
        if (!needsCheck) return true
        val healthy = try {
            !entry.resource.isBroken &&
                (entry.idleSince.elapsedNow() < settings.validateAfterIdle || entry.resource.validate())
        } catch (cancelled: CancellationException) {
            mutate { effects -> if (entry.state == EntryState.CHECKING) discardLocked(entry, effects) }
            throw cancelled
        } catch (failure: Exception) {
            logger.log(Level.DEBUG, "pool '${settings.name}': validation failed", failure)
            false
        }
        return mutate { effects ->
            if (entry.state != EntryState.CHECKING) throw PoolClosedException("pool '${settings.name}' closed the resource")
            if (!healthy || closed) {
                discardLocked(entry, effects)
                if (closed) throw PoolClosedException("pool '${settings.name}' is closed")
                return@mutate false
            }
            checkingCount--
            if (shared) {
                entry.state = EntryState.SHARED
                entry.inFlight = 1
                this.shared.add(entry)
                totalSharedLeases++
            } else {
                entry.state = EntryState.EXCLUSIVE
                exclusiveCount++
                entry.borrowedAt = timeSource.markNow()
                entry.borrowSite = if (settings.captureBorrowStackTrace) BorrowSite() else null
                entry.leakReported = false
                totalAcquired++
            }
            true
        }
    }

    internal suspend fun releaseExclusive(entry: PoolEntry<R>) {
        val mustReset = mutate {
            if (entry.state != EntryState.EXCLUSIVE) return@mutate false
            entry.state = EntryState.CHECKING
            exclusiveCount--
            checkingCount++
            entry.borrowSite = null
            true
        }
        if (mustReset) resetReturned(entry)
    }

    /** Resets a returned entry (CHECKING), then makes it idle, or discards it when the reset fails. */
    private suspend fun resetReturned(entry: PoolEntry<R>) {
        val clean = try {
            !entry.resource.isBroken &&
                if (currentCoroutineContext().isActive) entry.resource.reset()
                else withContext(NonCancellable) { entry.resource.reset() }
        } catch (failure: Exception) {
            if (failure !is CancellationException) logger.log(Level.DEBUG, "pool '${settings.name}': reset failed", failure)
            false
        }
        mutate { effects ->
            if (entry.state != EntryState.CHECKING) return@mutate
            if (!clean || closed || entry.isExpired() || entry.resource.isBroken) {
                discardLocked(entry, effects)
            } else {
                checkingCount--
                makeIdleLocked(entry, timeSource.markNow())
            }
            dispatchLocked(effects)
        }
    }

    internal fun releaseShared(entry: PoolEntry<R>) {
        mutate { effects ->
            if (entry.state == EntryState.SHARED) endSharedLocked(entry, effects)
            dispatchLocked(effects)
        }
    }

    private fun endSharedLocked(entry: PoolEntry<R>, effects: Effects) {
        entry.inFlight--
        if (entry.inFlight > 0) return
        if (closed || entry.isExpired() || entry.resource.isBroken) {
            discardLocked(entry, effects)
        } else if (entry.resource.isBusyWithAbandonedWork) {
            // A given-up operation still runs on it: lend it to no one until the reset has seen that work end.
            shared.remove(entry)
            entry.state = EntryState.CHECKING
            checkingCount++
            effects.reset(entry)
        } else {
            shared.remove(entry)
            makeIdleLocked(entry, timeSource.markNow())
        }
    }

    private fun makeIdleLocked(entry: PoolEntry<R>, since: ComparableTimeMark) {
        entry.state = EntryState.IDLE
        entry.idleSince = since
        idle.addLast(entry)
    }

    /** An entry handed to a waiter that gave up before using it goes back as it was. */
    private fun giveBackLocked(entry: PoolEntry<R>, effects: Effects) {
        when (entry.state) {
            EntryState.CHECKING -> if (closed || entry.isExpired()) {
                discardLocked(entry, effects)
            } else {
                checkingCount--
                makeIdleLocked(entry, entry.idleSince)
            }
            EntryState.SHARED -> endSharedLocked(entry, effects)
            else -> {}
        }
        dispatchLocked(effects)
    }

    /** The warmest usable idle entry, or for a shared lease the least-loaded shared entry under the limit. */
    private fun takeLocked(forShared: Boolean, effects: Effects): PoolEntry<R>? {
        while (idle.isNotEmpty()) {
            val entry = idle.last()
            if (entry.isExpired()) {
                discardLocked(entry, effects)
                continue
            }
            idle.removeLast()
            entry.state = EntryState.CHECKING
            checkingCount++
            return entry
        }
        if (!forShared) return null
        var best: PoolEntry<R>? = null
        for (candidate in shared) {
            if (candidate.inFlight < settings.maxSharedInFlight && (best == null || candidate.inFlight < best.inFlight) &&
                !candidate.isExpired() && !candidate.resource.isBroken && !candidate.resource.isBusyWithAbandonedWork
            ) {
                best = candidate
            }
        }
        if (best != null) best.inFlight++
        return best
    }

    /** Serves waiters strictly in arrival order, then starts the creations the remaining ones need. */
    private fun dispatchLocked(effects: Effects) {
        while (waiters.isNotEmpty()) {
            val head = waiters.first()
            if (!head.isPending) {
                waiters.removeFirst()
                continue
            }
            val entry = takeLocked(head.shared, effects) ?: break
            waiters.removeFirst()
            settleLocked(head)
            head.entry = entry
            head.continuation?.let(effects::resume)
        }
        if (closed) return
        val demand = pendingExclusiveWaiters +
            (pendingSharedWaiters + settings.maxSharedInFlight - 1) / settings.maxSharedInFlight
        var toStart = minOf(demand - pendingCreations, settings.maxSize - entries.size - pendingCreations)
        if (toStart <= 0) return
        for (waiter in waiters) {
            if (toStart == 0) break
            if (waiter.isPending && !waiter.triggered) {
                waiter.triggered = true
                startCreationLocked(waiter, effects)
                toStart--
            }
        }
        repeat(toStart) { startCreationLocked(null, effects) }
    }

    private fun settleLocked(waiter: Waiter<R>) {
        if (waiter.shared) pendingSharedWaiters-- else pendingExclusiveWaiters--
    }

    private fun abandonLocked(waiter: Waiter<R>) {
        settleLocked(waiter)
        waiter.abandoned = true
    }

    private fun startCreationLocked(trigger: Waiter<R>?, effects: Effects) {
        pendingCreations++
        effects.create(trigger)
    }

    private fun launchCreation(trigger: Waiter<R>?) {
        creationScope.launch {
            val resource = try {
                factory()
            } catch (failure: Throwable) {
                onCreationFailed(trigger, failure, aborted = !isActive)
                if (failure is Error) throw failure
                return@launch
            }
            onCreated(resource, trigger)
        }
    }

    private fun onCreated(resource: R, trigger: Waiter<R>?) {
        mutate { effects ->
            pendingCreations--
            created++
            if (closed) {
                discarded++
                effects.close(resource)
                return@mutate
            }
            val lifetime = if (settings.maxLifetime.isInfinite() || !settings.lifetimeJitter.isPositive()) {
                settings.maxLifetime
            } else {
                settings.maxLifetime - random.nextLong(settings.lifetimeJitter.inWholeNanoseconds + 1).nanoseconds
            }
            val entry = PoolEntry(resource, timeSource.markNow(), lifetime)
            entries.add(entry)
            idle.addLast(entry)
            trigger?.triggered = false
            dispatchLocked(effects)
        }
    }

    private fun onCreationFailed(trigger: Waiter<R>?, failure: Throwable, aborted: Boolean) {
        mutate { effects ->
            pendingCreations--
            if (closed || aborted) return@mutate
            creationFailures++
            val reported = PoolCreationException(
                "pool '${settings.name}' could not create a resource: ${failure.message ?: failure.javaClass.name}",
                failure,
            )
            if (trigger != null && trigger.isPending) {
                settleLocked(trigger)
                trigger.failure = reported
                trigger.continuation?.let(effects::resume)
            } else {
                effects.log(Level.WARNING, reported.message!!, failure)
            }
            // The remaining waiters get a fresh attempt each; warm-up creations wait for the next maintenance run.
            dispatchLocked(effects)
        }
    }

    /** Removes an entry from the pool in whatever state it is and schedules its close. */
    private fun discardLocked(entry: PoolEntry<R>, effects: Effects) {
        when (entry.state) {
            EntryState.IDLE -> idle.remove(entry)
            EntryState.CHECKING -> checkingCount--
            EntryState.EXCLUSIVE -> exclusiveCount--
            EntryState.SHARED -> shared.remove(entry)
            EntryState.GONE -> return
        }
        entry.state = EntryState.GONE
        entries.remove(entry)
        discarded++
        effects.close(entry.resource)
    }

    private fun maintain() {
        mutate { effects ->
            if (closed) return@mutate
            for (entry in idle.toList()) {
                val overMin = entries.size > settings.minSize
                if (entry.isExpired() || (overMin && entry.idleSince.elapsedNow() >= settings.idleTimeout)) {
                    discardLocked(entry, effects)
                }
            }
            if (settings.leakThreshold.isFinite()) {
                for (entry in entries) {
                    val borrowedFor = entry.borrowedAt?.elapsedNow()
                    if (entry.state == EntryState.EXCLUSIVE && !entry.leakReported && borrowedFor != null &&
                        borrowedFor >= settings.leakThreshold
                    ) {
                        entry.leakReported = true
                        leaksReported++
                        effects.log(
                            Level.WARNING,
                            "pool '${settings.name}': a resource has been borrowed for $borrowedFor " +
                                "(leak threshold ${settings.leakThreshold}); was it released? ${entry.resource}" +
                                if (entry.borrowSite == null) " (set captureBorrowStackTrace to see where)" else "",
                            entry.borrowSite,
                        )
                    }
                }
            }
            repeat(settings.minSize - entries.size - pendingCreations) { startCreationLocked(null, effects) }
            dispatchLocked(effects)
        }
    }

    private fun inUseLocked(): Int = exclusiveCount + shared.size + checkingCount

    private fun describeLocked(): String =
        "size=${entries.size}, idle=${idle.size}, in use=${inUseLocked()}, " +
            "waiters=${pendingExclusiveWaiters + pendingSharedWaiters}, pending creations=$pendingCreations, " +
            "max=${settings.maxSize}"

    /** Runs [block] under the lock, then performs the side effects it collected, outside the lock. */
    private inline fun <T> mutate(block: (Effects) -> T): T {
        val effects = Effects()
        try {
            return lock.withLock {
                val result = block(effects)
                if (closed && inUseLocked() == 0) drained.complete(Unit)
                result
            }
        } finally {
            effects.run()
        }
    }

    /** Work decided under the lock that must not run under it: resuming waiters, launching, resetting, closing, logging. */
    private inner class Effects {
        private var resumes: ArrayList<CancellableContinuation<Unit>>? = null
        private var triggers: ArrayList<Waiter<R>?>? = null
        private var closes: ArrayList<R>? = null
        private var resets: ArrayList<PoolEntry<R>>? = null
        private var logs: ArrayList<Triple<Level, String, Throwable?>>? = null

        fun resume(continuation: CancellableContinuation<Unit>) {
            (resumes ?: ArrayList<CancellableContinuation<Unit>>(2).also { resumes = it }).add(continuation)
        }

        fun create(trigger: Waiter<R>?) {
            (triggers ?: ArrayList<Waiter<R>?>(2).also { triggers = it }).add(trigger)
        }

        fun close(resource: R) {
            (closes ?: ArrayList<R>(2).also { closes = it }).add(resource)
        }

        fun reset(entry: PoolEntry<R>) {
            (resets ?: ArrayList<PoolEntry<R>>(1).also { resets = it }).add(entry)
        }

        fun log(level: Level, message: String, thrown: Throwable?) {
            (logs ?: ArrayList<Triple<Level, String, Throwable?>>(1).also { logs = it }).add(Triple(level, message, thrown))
        }

        fun run() {
            logs?.forEach { (level, message, thrown) -> logger.log(level, message, thrown) }
            closes?.forEach { resource -> launchClose(resource) }
            resets?.forEach { entry -> closerScope.launch { resetReturned(entry) } }
            triggers?.forEach { trigger -> launchCreation(trigger) }
            resumes?.forEach { it.resume(Unit) }
        }
    }

    private fun launchClose(resource: PooledResource) {
        closerScope.launch {
            try {
                withContext(NonCancellable) { resource.close() }
            } catch (failure: Exception) {
                logger.log(Level.WARNING, "pool '${settings.name}': closing a resource failed", failure)
            }
        }
    }
}
