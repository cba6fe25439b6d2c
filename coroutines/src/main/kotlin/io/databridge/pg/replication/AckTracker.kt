package io.databridge.pg.replication

/**
 * Which delivered positions may be reported as flushed: the highest end LSN such that it and every delivery before it
 * were acknowledged. Acknowledging out of order is allowed; the flushed position moves only over an acknowledged
 * prefix. [reset] forgets the deliveries of a stream that ended (the server resends them from the flushed position),
 * so their late acknowledgements change nothing. Thread-safe.
 */
internal class AckTracker {
    private val lock = Any()
    private val pending = ArrayDeque<Entry>()
    private var generation = 0L

    /** The position to report as flushed; 0/0 until something is acknowledged. */
    @Volatile
    var flushed: Lsn = Lsn.ZERO
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
