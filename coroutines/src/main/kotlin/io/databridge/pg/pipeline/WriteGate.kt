package io.databridge.pg.pipeline

import kotlinx.coroutines.sync.Mutex

/**
 * Back-pressure for new requests: while more than [highWaterMark] bytes wait for the socket, a request waits here
 * before it is encoded, so many concurrent callers with big parameters cannot make the outbound buffer grow without
 * bound. Waiters take turns in arrival order (a fair mutex), each once the queue has drained to the transport's
 * low-water mark; a caller cancelled while waiting leaves without having written anything. Loop thread only.
 *
 * Usage: `val held = gate.enter()`, encode and submit without suspending, then `gate.leave(held)` in a `finally`.
 */
internal class WriteGate(private val driver: ConnectionDriver, private val highWaterMark: Int) {
    private val turn = Mutex()

    /** Waits until the request may be written; true when the caller holds the turn and must [leave] with it. */
    suspend fun enter(): Boolean {
        if (!turn.isLocked && driver.transport.pendingBytes <= highWaterMark) return false
        turn.lock()
        try {
            driver.transport.awaitWritable()
        } catch (e: Throwable) {
            turn.unlock()
            throw e
        }
        return true
    }

    /** Passes the turn to the next waiter when [held]. */
    fun leave(held: Boolean) {
        if (held) turn.unlock()
    }
}
