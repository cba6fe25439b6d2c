package io.databridge.pg.pipeline

import io.databridge.pg.transport.EventLoop
import io.databridge.pg.transport.LendableTransport
import kotlinx.coroutines.CoroutineDispatcher
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext

/**
 * Which thread owns one connection's state (its driver, statement cache, encoder): normally its [loop]'s, but while
 * the connection is lent, a blocking caller's thread, which then writes its request and reads the answer itself with
 * no hand-off between threads (see `PgConnection.queryBlocking`). It is also the connection's coroutine dispatcher:
 * code that touches the connection runs through it, in place when the current thread owns the connection, otherwise
 * as a task on the loop that first takes the connection back.
 *
 * States: the loop owns it; lent, with no caller inside; busy, with a caller ([LendableTransport.borrower]) inside.
 * Only the loop's thread lends (in a task, once the connection is quiet), so on the loop thread an owned connection
 * stays owned until the loop itself gives it away. A task that finds a caller inside is put aside and the caller is
 * woken: it hands the connection back at once, and the loop runs the tasks put aside, in order, before new ones.
 */
internal class ConnectionConfinement(
    private val loop: EventLoop,
    /** The transport it lends, or null when the connection's cannot be lent (TLS, Ktor). */
    val transport: LendableTransport?,
) :
    CoroutineDispatcher() {
    private val state = AtomicInteger(LOOP)
    private val putAside = ConcurrentLinkedQueue<Runnable>()

    @Volatile
    private var wanted = false

    private val takeBack = Runnable { if (claim()) runPutAside() }

    /** Whether the current thread owns the connection: the loop's while the loop has it, the caller's while busy. */
    val ownedHere: Boolean
        get() = when (state.get()) {
            LOOP -> loop.inLoop
            BUSY -> transport?.borrower === Thread.currentThread()
            else -> false
        }

    /** Whether the loop asked for the connection back while a caller is inside; the caller then hands it back. */
    val isWanted: Boolean get() = wanted

    override fun isDispatchNeeded(context: CoroutineContext): Boolean = !ownedHere

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        // A closed loop cancels the coroutine and finishes it elsewhere; nothing of the connection runs then.
        if (!loop.isOpen) loop.dispatch(context, block) else execute(block)
    }

    /** Runs [task] on the loop once the loop owns the connection (taking it back from a lent state if needed). */
    fun execute(task: Runnable) {
        loop.execute {
            if (claim()) {
                runPutAside()
                task.run()
            } else {
                putAside.add(task)
            }
        }
    }

    /**
     * On the loop, owning the connection: lends it if [quiet] and the transport agrees. The caller that asked then
     * enters with [enter].
     */
    fun lend(quiet: Boolean): Boolean {
        val t = transport ?: return false
        if (!quiet || state.get() != LOOP || !putAside.isEmpty() || !t.lend()) return false
        wanted = false
        state.set(LENT)
        return true
    }

    /** A caller's thread takes the lent connection; false when it is not lent, busy, or wanted back by the loop. */
    fun enter(): Boolean {
        val t = transport ?: return false
        if (wanted || !state.compareAndSet(LENT, BUSY)) return false
        t.borrower = Thread.currentThread()
        return true
    }

    /** The caller inside leaves (after its call, or early because [isWanted]); the loop takes the connection back if it asked. */
    fun leave() {
        transport!!.borrower = null
        state.set(LENT)
        if (wanted) loop.execute(takeBack)
    }

    // Loop only. A busy connection is wanted back; the recheck covers a caller that left before seeing the wish.
    private fun claim(): Boolean {
        while (true) {
            when (state.get()) {
                LOOP -> return true
                LENT -> if (state.compareAndSet(LENT, LOOP)) {
                    wanted = false
                    transport!!.endLend()
                    return true
                }
                else -> {
                    wanted = true
                    transport!!.wakeLent()
                    if (state.get() == BUSY) return false
                }
            }
        }
    }

    private fun runPutAside() {
        while (true) {
            val task = putAside.poll() ?: return
            try {
                task.run()
            } catch (e: Throwable) {
                // The loop reports it; the tasks after it still run, in a task of their own.
                if (!putAside.isEmpty()) loop.execute(takeBack)
                throw e
            }
        }
    }

    override fun toString(): String = "ConnectionConfinement($loop)"

    private companion object {
        const val LOOP = 0
        const val LENT = 1
        const val BUSY = 2
    }
}
