package io.databridge.pg.replication

import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.types.CodecContext

/**
 * Groups decoded pgoutput messages into [ReplicationEvent]s: ordinary transactions (Begin … Commit), transactions
 * streamed in progress (blocks of Stream Start … Stop, then Stream Commit, Prepare or Abort), two-phase transactions
 * (Begin Prepare … Prepare, later Commit or Rollback Prepared) and non-transactional messages. Relation and Type
 * messages feed [relations]. Feed messages in stream order with [accept]; it returns the event a message completed.
 *
 * Streamed changes are held until their transaction ends, and a rolled back subtransaction drops its changes and
 * those after it, as PostgreSQL's own subscriber does. Unchanged TOAST values of an update's new row are filled from
 * the old row only when the old row is whole (REPLICA IDENTITY FULL); otherwise they stay marked.
 */
public class TransactionAssembler(
    private val context: CodecContext,
    /** The relations and types learnt from the stream. */
    public val relations: RelationCache = RelationCache(),
) {
    private var current: OpenTransaction? = null
    private var streamingXid = 0
    private val streamed = HashMap<Int, OpenTransaction>()

    /** Takes the next message; returns the event it completes, or null. */
    public fun accept(message: PgOutputMessage): ReplicationEvent? {
        when (message) {
            is Begin -> {
                checkNoneOpen("Begin")
                current = OpenTransaction(message.xid)
            }
            is BeginPrepare -> {
                checkNoneOpen("Begin Prepare")
                current = OpenTransaction(message.xid)
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
                streamed.getOrPut(message.xid) { OpenTransaction(message.xid) }
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
        tx.add(message.xid, change(message, tx.nextOrdinal))
        return null
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

    private class OpenTransaction(val xid: Int) {
        private val changes = ArrayList<ChangeEvent>()
        private val subXids = ArrayList<Int>()
        val nextOrdinal: Int get() = changes.size

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

        fun finish(
            commitLsn: Lsn,
            endLsn: Lsn,
            time: java.time.Instant,
            outcome: TransactionOutcome,
            gid: String?,
            streamed: Boolean,
        ): ChangeTransaction = ChangeTransaction(xid, commitLsn, endLsn, time, outcome, gid, changes.toList(), streamed)
    }
}
