package io.databridge.pg.pool

import kotlinx.coroutines.CancellableContinuation
import kotlin.time.ComparableTimeMark
import kotlin.time.Duration

/** Where a pooled resource is; every field is guarded by the pool's lock. */
internal enum class EntryState {
    /** In the idle deque, ready to hand out. */
    IDLE,

    /** Claimed by one caller and being validated or reset; nobody else may touch it. */
    CHECKING,

    /** Borrowed by one caller through [ResourcePool.acquire]. */
    EXCLUSIVE,

    /** Carrying [PoolEntry.inFlight] > 0 shared operations. */
    SHARED,

    /** Removed from the pool; its resource is closed or being closed. */
    GONE,
}

/** The pool's bookkeeping for one resource. */
internal class PoolEntry<R : PooledResource>(
    val resource: R,
    val createdAt: ComparableTimeMark,
    val lifetime: Duration,
) {
    var state = EntryState.IDLE
    var inFlight = 0
    var idleSince: ComparableTimeMark = createdAt
    var borrowedAt: ComparableTimeMark? = null
    var borrowSite: Throwable? = null
    var leakReported = false

    fun isExpired(): Boolean = lifetime.isFinite() && createdAt.elapsedNow() >= lifetime
}

/** A caller waiting in the FIFO queue; settled exactly once (assigned, failed or abandoned) under the lock. */
internal class Waiter<R : PooledResource>(val shared: Boolean) {
    var entry: PoolEntry<R>? = null
    var failure: Throwable? = null
    var abandoned = false

    /** A creation was started on this waiter's behalf; its failure is reported to this waiter. */
    var triggered = false
    var continuation: CancellableContinuation<Unit>? = null

    val isPending: Boolean get() = entry == null && failure == null && !abandoned
}

/** The stack trace of an exclusive borrow, printed with a leak warning. */
internal class BorrowSite : Throwable("borrowed here")
