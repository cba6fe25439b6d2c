package io.databridge.pg.replication

import java.time.Instant

/**
 * What a replication stream delivers, in commit order. [endLsn] is the position that acknowledging the event lets the
 * server forget: once every earlier event is acknowledged too, the slot may move past it.
 */
public sealed class ReplicationEvent {
    /** The WAL position just past this event. */
    public abstract val endLsn: Lsn
}

/** How a [ChangeTransaction] ended. */
public enum class TransactionOutcome {
    /** It committed. */
    COMMITTED,

    /** It was prepared for two-phase commit ([ChangeTransaction.gid]); a [PreparedTransactionEnded] follows. */
    PREPARED,
}

/**
 * A transaction's changes, delivered once it committed (or was prepared). A transaction with more changes than the
 * assembler's part size arrives as several of these in a row, each with the next changes (ordinals go on counting);
 * all but the last have [complete] false. Only the last one's acknowledgement lets the server forget the transaction.
 */
public data class ChangeTransaction(
    /** The transaction id. */
    val xid: Int,
    /** The LSN of its commit (or PREPARE) record. */
    val commitLsn: Lsn,
    override val endLsn: Lsn,
    /** When it committed (or was prepared). */
    val commitTime: Instant,
    /** Committed or prepared. */
    val outcome: TransactionOutcome,
    /** The two-phase global transaction id, or null for an ordinary commit. */
    val gid: String?,
    /** Its changes in order (in a part, the part's changes). */
    val changes: List<ChangeEvent>,
    /** Whether the server streamed it while in progress (it was larger than `logical_decoding_work_mem`). */
    val streamed: Boolean,
    /**
     * False for a part that more parts of the same transaction follow. Its [endLsn] is not known yet and is the
     * [commitLsn] (the prepare's end LSN for a prepared transaction); acknowledging such a part moves nothing.
     */
    val complete: Boolean = true,
) : ReplicationEvent()

/** A prepared transaction [gid] was finally committed ([committed]) or rolled back. */
public data class PreparedTransactionEnded(
    /** The transaction id. */
    val xid: Int,
    /** The global transaction id. */
    val gid: String,
    /** True for COMMIT PREPARED, false for ROLLBACK PREPARED. */
    val committed: Boolean,
    override val endLsn: Lsn,
    /** When it was committed or rolled back. */
    val time: Instant,
) : ReplicationEvent()

/** A non-transactional `pg_logical_emit_message(false, …)`, delivered when it was emitted. */
public class StandaloneMessage(
    /** The message's LSN. */
    public val lsn: Lsn,
    /** The prefix. */
    public val prefix: String,
    /** The content. */
    public val content: ByteArray,
) : ReplicationEvent() {
    override val endLsn: Lsn get() = lsn

    override fun toString(): String = "StandaloneMessage($lsn, $prefix, <${content.size} bytes>)"
}
