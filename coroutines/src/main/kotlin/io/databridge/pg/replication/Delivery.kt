package io.databridge.pg.replication

/**
 * One [event] of a replication stream. Call [ack] once it is processed (stored, published, …): only acknowledged
 * positions are reported to the server as flushed, so after a crash or reconnect the stream resumes after the last
 * event that was acknowledged together with everything before it. Unacknowledged events are delivered again.
 * Acknowledging is cheap, thread-safe and idempotent; out-of-order acknowledgements are held until the gap closes.
 * A flushed position that moved is reported to the server at once (coalesced on the connection's loop), and again
 * with every status update (every [ReplicationOptions.statusInterval], when the server asks, and when the stream stops).
 */
public class Delivery internal constructor(
    /** The transaction, prepared-transaction outcome or standalone message delivered. */
    public val event: ReplicationEvent,
    private val tracker: AckTracker,
    private val entry: AckTracker.Entry,
    private val report: () -> Unit,
) {
    /** Marks this delivery processed. */
    public fun ack() {
        if (tracker.ack(entry)) report()
    }

    override fun toString(): String = "Delivery($event)"
}
