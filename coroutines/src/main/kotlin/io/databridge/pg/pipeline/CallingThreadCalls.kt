package io.databridge.pg.pipeline

import io.databridge.pg.transport.LendableTransport
import kotlinx.coroutines.Job
import kotlinx.coroutines.runBlocking
import java.util.concurrent.CancellationException
import java.util.concurrent.locks.LockSupport
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.startCoroutine

/**
 * Blocking calls on one connection. While the connection is quiet, the calling thread borrows it from the loop
 * ([ConnectionConfinement]) and runs the call's coroutine itself: it writes the request, waits on the socket and
 * decodes the answer, the way a blocking driver's caller does, with no hand-off to the loop thread and back. When
 * the connection is busy elsewhere, the call waits for the loop like `runBlocking` would.
 *
 * A borrowed connection stays lent between calls, so a caller making one call after another borrows it once. Anything
 * else that needs the connection (another coroutine's call, a close, a timeout, a cancel) is run by the loop, which
 * takes the connection back first; a caller inside at that moment is woken, hands the connection back at once, and
 * waits for the rest of its call to run on the loop.
 */
internal class CallingThreadCalls(
    private val confinement: ConnectionConfinement,
    /** On the loop, owning the connection: lends it when quiet; true when lent. */
    private val lendIfQuiet: () -> Boolean,
    /** Whether something must hear the server between calls (a notification collector): the loop keeps the connection then. */
    private val needsLoop: () -> Boolean,
) {
    /** Runs [block] to its end on the calling thread, blocking it; see the class comment. */
    fun <T> run(block: suspend () -> T): T {
        val t = confinement.transport
        if (t == null || !interruptibly { enterOrLend() }) return interruptibly { runBlocking { block() } }
        val call = Call<T>(confinement, Thread.currentThread())
        try {
            block.startCoroutine(call)
            drive(call, t)
        } finally {
            confinement.leave()
        }
        if (needsLoop()) confinement.execute {}
        return call.await()
    }

    private fun enterOrLend(): Boolean {
        if (confinement.enter()) return true
        val lent = runBlocking(confinement) { lendIfQuiet() }
        return lent && confinement.enter()
    }

    // The borrower's loop: flush, read what is there, wait on the socket; until the call ends or the loop wants it back.
    private fun drive(call: Call<*>, t: LendableTransport) {
        // A closed socket has nothing more to give: whatever still runs of the call finishes through the loop.
        while (!call.isDone && !confinement.isWanted && t.isOpen) {
            if (Thread.interrupted()) {
                call.interrupt()
                continue
            }
            if (t.flushLent()) {
                // Right after a request the answer is not there yet: wait first rather than read nothing.
                t.awaitLent()
                continue
            }
            if (!t.readLent()) t.awaitLent()
        }
        if (call.isDone && !confinement.isWanted && t.isOpen) t.flushLent()
    }

    /** The call's coroutine as its caller sees it: the outcome, and a job to cancel it with when interrupted. */
    private class Call<T>(confinement: ConnectionConfinement, private val caller: Thread) : Continuation<T> {
        private val job = Job()
        override val context: CoroutineContext = confinement + job

        @Volatile
        private var outcome: Result<T>? = null
        private var interrupted = false

        val isDone: Boolean get() = outcome != null

        override fun resumeWith(result: Result<T>) {
            outcome = result
            job.complete()
            if (Thread.currentThread() !== caller) LockSupport.unpark(caller)
        }

        fun interrupt() {
            interrupted = true
            job.cancel(CancellationException("the calling thread was interrupted"))
        }

        /** The outcome, parking until it is there. An interrupted caller keeps its interrupt status. */
        fun await(): T {
            while (true) {
                val done = outcome
                if (done != null) return finish(done)
                LockSupport.park(this)
                if (Thread.interrupted()) interrupt()
            }
        }

        private fun finish(done: Result<T>): T {
            if (interrupted) Thread.currentThread().interrupt()
            return done.getOrThrow()
        }
    }
}

/**
 * Runs [wait] (which blocks, e.g. in `runBlocking`) for a blocking call. runBlocking answers an interrupt with
 * InterruptedException; a blocking call answers with CancellationException, the interrupt status kept, whichever way
 * it waited.
 */
internal inline fun <R> interruptibly(wait: () -> R): R = try {
    wait()
} catch (e: InterruptedException) {
    Thread.currentThread().interrupt()
    throw CancellationException("the calling thread was interrupted").apply { initCause(e) }
}
