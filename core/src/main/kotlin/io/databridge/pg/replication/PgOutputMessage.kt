package io.databridge.pg.replication

import java.time.Instant

/**
 * One message of the pgoutput logical decoding plugin, as [PgOutputDecoder] decodes it. Messages sent inside a
 * streamed block (between [StreamStart] and [StreamStop]) carry the [xid] of their (sub)transaction; others have 0.
 */
public sealed class PgOutputMessage

/** Messages that belong to one transaction: data changes, relation and type descriptions, transactional messages. */
public sealed class StreamableMessage : PgOutputMessage() {
    /** The (sub)transaction id inside a streamed block, else 0. */
    public abstract val xid: Int
}

/** Begin ('B'): a transaction follows, committed at [finalLsn]. */
public data class Begin(
    /** The LSN of the transaction's commit record. */
    val finalLsn: Lsn,
    /** The commit time. */
    val commitTime: Instant,
    /** The transaction id. */
    val xid: Int,
) : PgOutputMessage()

/** Commit ('C'): the transaction begun last ended. */
public data class Commit(
    /** Flags (none defined). */
    val flags: Int,
    /** The LSN of the commit record. */
    val commitLsn: Lsn,
    /** The end LSN of the transaction: the position to confirm once it is processed. */
    val endLsn: Lsn,
    /** The commit time. */
    val commitTime: Instant,
) : PgOutputMessage()

/** Origin ('O'): the transaction was replicated here from [name] (only with the origin option). */
public data class Origin(
    /** The commit LSN on the origin server. */
    val originLsn: Lsn,
    /** The origin's name. */
    val name: String,
) : PgOutputMessage()

/** Relation ('R'): describes a table before its first change in the session (and again after it changed). */
public data class RelationMessage(override val xid: Int, val relation: Relation) : StreamableMessage()

/** Type ('Y'): describes a non-built-in type used by a published column. */
public data class TypeMessage(override val xid: Int, val type: ReplicatedType) : StreamableMessage()

/** Insert ('I') of [newTuple] into relation [relationOid]. */
public data class Insert(override val xid: Int, val relationOid: Int, val newTuple: List<Cell>) : StreamableMessage()

/**
 * Update ('U') of relation [relationOid]: [oldTuple] is the old key ('K', when the key changed) or the whole old row
 * ('O', REPLICA IDENTITY FULL), or null; [oldIsKey] says which.
 */
public data class Update(
    override val xid: Int,
    val relationOid: Int,
    val oldTuple: List<Cell>?,
    val oldIsKey: Boolean,
    val newTuple: List<Cell>,
) : StreamableMessage()

/** Delete ('D') from relation [relationOid] of the row identified by [oldTuple] (key 'K' or whole row 'O'). */
public data class Delete(override val xid: Int, val relationOid: Int, val oldTuple: List<Cell>, val oldIsKey: Boolean) : StreamableMessage()

/** Truncate ('T') of [relationOids]; [cascade] and [restartIdentity] as the statement said. */
public data class Truncate(
    override val xid: Int,
    val relationOids: List<Int>,
    val cascade: Boolean,
    val restartIdentity: Boolean,
) : StreamableMessage()

/** Message ('M'): a `pg_logical_emit_message` (sent only with the messages option). */
public data class LogicalMessage(
    override val xid: Int,
    /** Whether it was emitted as part of its transaction (else it is delivered immediately). */
    val transactional: Boolean,
    /** The message's LSN. */
    val lsn: Lsn,
    /** The prefix given to `pg_logical_emit_message`. */
    val prefix: String,
    /** The content. */
    val content: ByteArray,
) : StreamableMessage() {
    override fun equals(other: Any?): Boolean =
        other is LogicalMessage && other.xid == xid && other.transactional == transactional && other.lsn == lsn &&
            other.prefix == prefix && other.content.contentEquals(content)

    override fun hashCode(): Int = (lsn.hashCode() * 31 + prefix.hashCode()) * 31 + content.contentHashCode()
}

/** Stream Start ('S'): a block of an in-progress transaction [xid] follows; [firstSegment] on its first block. */
public data class StreamStart(val xid: Int, val firstSegment: Boolean) : PgOutputMessage()

/** Stream Stop ('E'): the current streamed block ended. */
public data object StreamStop : PgOutputMessage()

/** Stream Commit ('c'): the streamed transaction [xid] committed. */
public data class StreamCommit(val xid: Int, val flags: Int, val commitLsn: Lsn, val endLsn: Lsn, val commitTime: Instant) : PgOutputMessage()

/**
 * Stream Abort ('A'): the streamed transaction [xid] (when [subXid] equals it) or its subtransaction [subXid]
 * rolled back; [abortLsn] and [abortTime] only with parallel streaming (protocol 4), else null.
 */
public data class StreamAbort(val xid: Int, val subXid: Int, val abortLsn: Lsn?, val abortTime: Instant?) : PgOutputMessage()

/** The fields shared by the two-phase messages that end a prepared transaction's decoding. */
public sealed class PrepareMessage : PgOutputMessage() {
    /** The LSN of the PREPARE record. */
    public abstract val prepareLsn: Lsn

    /** The end LSN of the prepared transaction. */
    public abstract val endLsn: Lsn

    /** When it was prepared. */
    public abstract val prepareTime: Instant

    /** The transaction id. */
    public abstract val xid: Int

    /** The global transaction id given to PREPARE TRANSACTION. */
    public abstract val gid: String
}

/** Begin Prepare ('b'): a transaction prepared for two-phase commit follows. */
public data class BeginPrepare(
    override val prepareLsn: Lsn,
    override val endLsn: Lsn,
    override val prepareTime: Instant,
    override val xid: Int,
    override val gid: String,
) : PrepareMessage()

/**
 * Prepare ('P'): the transaction begun by [BeginPrepare] was prepared; or Stream Prepare ('p', [streamed]): the
 * streamed transaction [xid] was.
 */
public data class Prepare(
    val flags: Int,
    override val prepareLsn: Lsn,
    override val endLsn: Lsn,
    override val prepareTime: Instant,
    override val xid: Int,
    override val gid: String,
    /** Whether this is a Stream Prepare, ending a transaction streamed in progress. */
    val streamed: Boolean = false,
) : PrepareMessage()

/** Commit Prepared ('K'): the prepared transaction [gid] committed. */
public data class CommitPrepared(
    val flags: Int,
    val commitLsn: Lsn,
    val endLsn: Lsn,
    val commitTime: Instant,
    val xid: Int,
    val gid: String,
) : PgOutputMessage()

/** Rollback Prepared ('r'): the prepared transaction [gid] was rolled back. */
public data class RollbackPrepared(
    val flags: Int,
    val prepareEndLsn: Lsn,
    val rollbackEndLsn: Lsn,
    val prepareTime: Instant,
    val rollbackTime: Instant,
    val xid: Int,
    val gid: String,
) : PgOutputMessage()
