package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel
import kotlin.coroutines.CoroutineContext
import java.io.IOException
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.util.concurrent.CancellationException
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer

/**
 * One selector thread that is also a coroutine dispatcher: connections' I/O, their protocol state and the coroutines
 * resumed by it all run on this thread, so they need no locks and no thread hops.
 *
 * A pass of the loop: wait for ready channels (or a task), handle them, run queued tasks, then perform the flushes
 * requested during the pass. The idle path allocates nothing.
 */
public class EventLoop internal constructor(name: String) : CoroutineDispatcher(), AutoCloseable {
    private val selector: Selector = Selector.open()
    private val tasks = ConcurrentLinkedQueue<Runnable>()

    // True while the loop is awake or a wakeup is already on its way: producers skip the wakeup syscall then.
    private val awake = AtomicBoolean(true)
    private val closing = AtomicBoolean(false)
    private val flushQueue = ArrayList<LoopFlushable>()
    private val onReady = Consumer<SelectionKey> { key -> (key.attachment() as LoopChannel).onReady(key) }
    private val thread: Thread = Thread(::run, name).apply { isDaemon = true }

    init {
        thread.start()
    }

    /** True when called on this loop's thread. */
    public val inLoop: Boolean get() = Thread.currentThread() === thread

    /** Whether the loop still runs; after [close] it refuses new channels. */
    public val isOpen: Boolean get() = !closing.get()

    override fun isDispatchNeeded(context: CoroutineContext): Boolean = Thread.currentThread() !== thread

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        if (closing.get()) {
            // Like kotlinx's closed executors: cancel the coroutine and let it finish elsewhere, never lose it.
            context[Job]?.cancel(CancellationException("event loop ${thread.name} is closed"))
            Dispatchers.IO.dispatch(context, block)
            return
        }
        execute(block)
    }

    /** Runs [task] on the loop thread in the current or next pass. */
    internal fun execute(task: Runnable) {
        tasks.offer(task)
        if (Thread.currentThread() !== thread && awake.compareAndSet(false, true)) selector.wakeup()
    }

    /** Queues [target] to be flushed at the end of this pass; loop thread only. */
    internal fun scheduleFlush(target: LoopFlushable) {
        flushQueue.add(target)
    }

    /** Registers [channel] with this loop's selector; loop thread only. */
    internal fun register(channel: SelectableChannel, ops: Int, owner: LoopChannel): SelectionKey {
        checkInLoop()
        return channel.register(selector, ops, owner)
    }

    internal fun checkInLoop() {
        check(Thread.currentThread() === thread) { "must be called on event loop thread ${thread.name}" }
    }

    /** Stops the loop: open channels are closed (their handlers see [ConnectionClosedException]). Waits up to 5 s. */
    override fun close() {
        if (!closing.compareAndSet(false, true)) return
        selector.wakeup()
        if (Thread.currentThread() !== thread) thread.join(TimeUnit.SECONDS.toMillis(5))
    }

    override fun toString(): String = "EventLoop(${thread.name})"

    private fun run() {
        try {
            while (!closing.get()) {
                awake.set(false)
                if (tasks.isEmpty()) selector.select(onReady) else selector.selectNow(onReady)
                awake.set(true)
                runTasks()
                runFlushes()
            }
        } catch (e: IOException) {
            report(e)
        } finally {
            shutdown()
        }
    }

    private fun runTasks() {
        while (true) {
            val task = tasks.poll() ?: return
            try {
                task.run()
            } catch (e: Throwable) {
                report(e)
            }
        }
    }

    private fun runFlushes() {
        val queue = flushQueue
        var i = 0
        // Indexed on purpose: a flush may schedule another (TLS wraps, then its socket writes) in this same pass.
        while (i < queue.size) {
            try {
                queue[i].flushNow()
            } catch (e: Throwable) {
                report(e)
            }
            i++
        }
        queue.clear()
    }

    private fun shutdown() {
        for (key in selector.keys().toTypedArray()) {
            (key.attachment() as? LoopChannel)?.onLoopClosed()
        }
        runTasks()
        selector.close()
    }

    private fun report(e: Throwable) {
        thread.uncaughtExceptionHandler?.uncaughtException(thread, e)
    }
}

/** A channel owner the loop calls when its key is ready. */
internal interface LoopChannel {
    fun onReady(key: SelectionKey)

    fun onLoopClosed()
}

/** Something that flushes once per pass at the end of it. */
internal interface LoopFlushable {
    fun flushNow()
}
