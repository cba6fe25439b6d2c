package io.databridge.pg.pipeline

import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * The outcome of a request that exactly one caller awaits, completed and awaited on the connection's loop thread
 * only: the per-query replacement of a `CompletableDeferred`, which is thread-safe, supports many waiters and a
 * parent job, and so costs several objects and atomic updates per query that this single-threaded case never needs.
 * A cancelled wait leaves the outcome to be dropped when it arrives.
 */
internal class LoopResult<T> {
    private var outcome: Any? = PENDING
    private var waiter: CancellableContinuation<T>? = null

    /** Whether [complete] or [fail] was called. */
    val isCompleted: Boolean get() = outcome !== PENDING

    /** Completes with [value] and resumes the waiter; ignored once completed. */
    fun complete(value: T) {
        if (isCompleted) return
        outcome = value
        takeWaiter()?.resume(value)
    }

    /** Completes with [cause] and resumes the waiter with it; ignored once completed. */
    fun fail(cause: Throwable) {
        if (isCompleted) return
        outcome = Failed(cause)
        takeWaiter()?.resumeWithException(cause)
    }

    /** The value, suspending (cancellably) until it is there; rethrows the failure. At most one caller waits. */
    suspend fun await(): T {
        val done = outcome
        if (done !== PENDING) return unwrap(done)
        return suspendCancellableCoroutine { cont ->
            check(waiter == null) { "a LoopResult has a single waiter" }
            waiter = cont
        }
    }

    private fun takeWaiter(): CancellableContinuation<T>? = waiter.also { waiter = null }

    @Suppress("UNCHECKED_CAST")
    private fun unwrap(done: Any?): T = if (done is Failed) throw done.cause else done as T

    private class Failed(val cause: Throwable)

    private companion object {
        val PENDING = Any()
    }
}
