package io.databridge.pg.replication

import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.types.CodecContext
import java.time.Instant

/**
 * Groups decoded pgoutput messages into [ReplicationEvent]s: ordinary transactions (Begin … Commit), transactions
 * streamed in progress (blocks of Stream Start … Stop, then Stream Commit, Prepare or Abort), two-phase transactions
 * (Begin Prepare … Prepare, later Commit or Rollback Prepared) and non-transactional messages. Relation and Type
 * messages feed [relations]. Feed messages in stream order with [accept]; it returns the event a message completed.
 *
 * A transaction sent whole after it ended (not streamed) is handed out in parts of at most [partSize] changes as they
 * arrive, so memory stays bounded however large it is: everything in it is already decided. Streamed changes are
 * held until their transaction ends (it may still abort), and a rolled back subtransaction drops its changes and
 * those after it, as PostgreSQL's own subscriber does. Unchanged TOAST values of an update's new row are filled from
 * the old row only when the old row is whole (REPLICA IDENTITY FULL); otherwise they stay marked.
 */
public class TransactionAssembler(
    private val context: CodecContext,
    /** The relations and types learnt from the stream. */
    public val relations: RelationCache = RelationCache(),
    /** The most changes of a transaction sent after it ended that are held before they are handed out as a part. */
    private val partSize: Int = Int.MAX_VALUE,
) {
    init {
        require(partSize >= 1) { "partSize must be at least 1, was $partSize" }
    }

    private var current: OpenTransaction? = null
    private var streamingXid = 0
    private val streamed = HashMap<Int, OpenTransaction>()

    /** Takes the next message; returns the event it completes, or null. */
    public fun accept(message: PgOutputMessage): ReplicationEvent? {
        when (message) {
            is Begin -> {
                checkNoneOpen("Begin")
                current = OpenTransaction(message.xid, message.finalLsn, message.finalLsn, message.commitTime, TransactionOutcome.COMMITTED, null)
            }
            is BeginPrepare -> {
                checkNoneOpen("Begin Prepare")
                current = OpenTransaction(message.xid, message.prepareLsn, message.endLsn, message.prepareTime, TransactionOutcome.PREPARED, message.gid)
            }
            is Commit -> {
                val tx = takeCurrent("Commit")
                return tx.finish(message.commitLsn, message.endLsn, message.commitTime, TransactionOutcome.COMMITTED, null, false)
            }
            is Prepare -> {
                val tx = if (message.streamed) takeStreamed(message.xid, "Stream Prepare") else takeCurrent("Prepare")
                return tx.finish(message.prepareLsn, message.endLsn, message.prepareTime, TransactionOutcome.PREPARED, message.gid, message.streamed)
            }
            is StreamableMessage -> return streamable(message)
            is StreamStart -> {
                if (current != null) throw ProtocolException("pgoutput Stream Start inside transaction ${current!!.xid}")
                streamingXid = message.xid
                streamed.getOrPut(message.xid) { OpenTransaction(message.xid, Lsn.ZERO, Lsn.ZERO, Instant.EPOCH, TransactionOutcome.COMMITTED, null) }
            }
            StreamStop -> streamingXid = 0
            is StreamCommit -> {
                val tx = takeStreamed(message.xid, "Stream Commit")
                return tx.finish(message.commitLsn, message.endLsn, message.commitTime, TransactionOutcome.COMMITTED, null, true)
            }
            is StreamAbort -> {
                if (message.xid == message.subXid) streamed.remove(message.xid) else streamed[message.xid]?.dropFrom(message.subXid)
            }
            is CommitPrepared -> return PreparedTransactionEnded(message.xid, message.gid, true, message.endLsn, message.commitTime)
            is RollbackPrepared -> return PreparedTransactionEnded(message.xid, message.gid, false, message.rollbackEndLsn, message.rollbackTime)
            is Origin -> Unit
        }
        return null
    }

    private fun streamable(message: StreamableMessage): ReplicationEvent? {
        relations.learn(message)
        if (message is LogicalMessage && !message.transactional) return StandaloneMessage(message.lsn, message.prefix, message.content)
        if (message is RelationMessage || message is TypeMessage) return null
        val tx = if (streamingXid != 0) streamed.getValue(streamingXid) else current
            ?: throw ProtocolException("pgoutput ${message.javaClass.simpleName} outside a transaction")
        val change = change(message, tx.nextOrdinal)
        // A full part goes out when the next change arrives, so the last part (at the commit) is never empty.
        val part = if (streamingXid == 0 && tx.size >= partSize) tx.part() else null
        tx.add(message.xid, change)
        return part
    }

    private fun change(message: StreamableMessage, ordinal: Int): ChangeEvent = when (message) {
        is Insert -> {
            val relation = relations.relation(message.relationOid)
            RowInserted(ordinal, relation, row(relation, message.newTuple))
        }
        is Update -> {
            val relation = relations.relation(message.relationOid)
            val old = message.oldTuple
            val newCells = if (old != null && !message.oldIsKey) fillToast(message.newTuple, old) else message.newTuple
            RowUpdated(ordinal, relation, old?.let { row(relation, it) }, message.oldIsKey, row(relation, newCells))
        }
        is Delete -> {
            val relation = relations.relation(message.relationOid)
            RowDeleted(ordinal, relation, row(relation, message.oldTuple), message.oldIsKey)
        }
        is Truncate -> TablesTruncated(ordinal, message.relationOids.map(relations::relation), message.cascade, message.restartIdentity)
        is LogicalMessage -> MessageEmitted(ordinal, message.prefix, message.content)
        is RelationMessage, is TypeMessage -> error("not a change")
    }

    private fun row(relation: Relation, cells: List<Cell>): ChangeRow {
        if (cells.size > relation.columns.size) {
            throw ProtocolException("pgoutput tuple of ${cells.size} columns for ${relation.qualifiedName}, which has ${relation.columns.size}")
        }
        return ChangeRow(relation, cells, context, relations)
    }

    private fun fillToast(newCells: List<Cell>, oldCells: List<Cell>): List<Cell> =
        newCells.mapIndexed { i, cell -> if (cell == Cell.UnchangedToast) oldCells.getOrNull(i) ?: cell else cell }

    private fun checkNoneOpen(what: String) {
        val open = current ?: return
        throw ProtocolException("pgoutput $what while transaction ${open.xid} is still open")
    }

    private fun takeCurrent(what: String): OpenTransaction {
        val tx = current ?: throw ProtocolException("pgoutput $what without a transaction")
        current = null
        return tx
    }

    private fun takeStreamed(xid: Int, what: String): OpenTransaction =
        streamed.remove(xid) ?: throw ProtocolException("pgoutput $what for transaction $xid, which was never streamed")

    /** A transaction being assembled; [commitLsn], [partEndLsn], [time], [outcome] and [gid] are known from its start when it is not streamed. */
    private class OpenTransaction(
        val xid: Int,
        val commitLsn: Lsn,
        val partEndLsn: Lsn,
        val time: Instant,
        val outcome: TransactionOutcome,
        val gid: String?,
    ) {
        private var changes = ArrayList<ChangeEvent>()
        private val subXids = ArrayList<Int>()
        private var handedOut = 0
        val nextOrdinal: Int get() = handedOut + changes.size
        val size: Int get() = changes.size

        fun add(subXid: Int, change: ChangeEvent) {
            changes += change
            subXids += subXid
        }

        fun dropFrom(subXid: Int) {
            val from = subXids.indexOf(subXid)
            if (from < 0) return
            changes.subList(from, changes.size).clear()
            subXids.subList(from, subXids.size).clear()
        }

        /** Hands out the changes held so far as a part that more follow. Only for a transaction that is not streamed. */
        fun part(): ChangeTransaction {
            val part = ChangeTransaction(xid, commitLsn, partEndLsn, time, outcome, gid, changes, false, complete = false)
            handedOut += changes.size
            changes = ArrayList()
            subXids.clear()
            return part
        }

        fun finish(
            commitLsn: Lsn,
            endLsn: Lsn,
            time: Instant,
            outcome: TransactionOutcome,
            gid: String?,
            streamed: Boolean,
        ): ChangeTransaction = ChangeTransaction(xid, commitLsn, endLsn, time, outcome, gid, changes, streamed)
    }
}
