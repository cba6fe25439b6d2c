package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import java.util.concurrent.atomic.AtomicInteger

/**
 * A fixed set of [EventLoop]s that connections are spread over round-robin. Threads are daemons, so a forgotten
 * group does not keep the JVM alive, but [close] it to release the selectors.
 */
public class EventLoopGroup(
    size: Int = defaultSize(),
    namePrefix: String = "data-bridge-loop",
) : AutoCloseable {
    init {
        require(size >= 1) { "an EventLoopGroup needs at least one loop, was $size" }
    }

    private val counter = AtomicInteger()

    /** The loops, in the order [next] hands them out. */
    public val loops: List<EventLoop> = List(size) { EventLoop("$namePrefix-$it") }

    /** The loop for the next connection. */
    public fun next(): EventLoop = loops[Math.floorMod(counter.getAndIncrement(), loops.size)]

    /** Closes every loop; their open transports are closed with [ConnectionClosedException]. */
    override fun close() {
        loops.forEach { it.close() }
    }

    /** Default sizing. */
    public companion object {
        /** min(available processors, 4): a loop handles tens of thousands of queries per second on its own. */
        public fun defaultSize(): Int = Runtime.getRuntime().availableProcessors().coerceIn(1, 4)
    }
}
