package io.databridge.pg.replication

/**
 * Which delivered positions may be reported as flushed: the highest end LSN such that it and every delivery before it
 * were acknowledged (a position of 0/0, a transaction's part that more follow, holds a place in the order and moves
 * nothing). Acknowledging out of order is allowed; the flushed position moves only over an acknowledged prefix,
 * starting from the position the consumer said it had already stored. [reset] forgets the deliveries of a stream that ended (the server resends them from the flushed position),
 * so their late acknowledgements change nothing. Thread-safe.
 */
internal class AckTracker(start: Lsn = Lsn.ZERO) {
    private val lock = Any()
    private val pending = ArrayDeque<Entry>()
    private var generation = 0L

    /** The position to report as flushed: [start] until something later is acknowledged. */
    @Volatile
    var flushed: Lsn = start
        private set

    /** Records a delivery ending at [endLsn], in stream order. */
    fun track(endLsn: Lsn): Entry = synchronized(lock) { Entry(endLsn, generation).also(pending::addLast) }

    /** Marks [entry] processed; returns whether the flushed position moved. */
    fun ack(entry: Entry): Boolean = synchronized(lock) {
        if (entry.generation != generation || entry.acked) return false
        entry.acked = true
        val before = flushed
        while (pending.firstOrNull()?.acked == true) flushed = flushed.max(pending.removeFirst().endLsn)
        flushed != before
    }

    /** Deliveries not acknowledged yet. */
    val unacknowledged: Int get() = synchronized(lock) { pending.count { !it.acked } }

    /** Forgets every delivery of the stream that ended; [flushed] stays. */
    fun reset() = synchronized(lock) {
        generation++
        pending.clear()
    }

    /** One delivery's place in the order. */
    class Entry(val endLsn: Lsn, val generation: Long) {
        var acked = false
    }
}
