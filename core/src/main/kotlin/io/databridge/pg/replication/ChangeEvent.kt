package io.databridge.pg.replication

/**
 * One change inside a [ChangeTransaction]. [ordinal] is its position in the transaction (from 0), so
 * `(commitLsn, ordinal)` identifies a change across redeliveries.
 */
public sealed class ChangeEvent {
    /** The change's position in its transaction. */
    public abstract val ordinal: Int
}

/** A row inserted into [relation]. */
public data class RowInserted(override val ordinal: Int, val relation: Relation, val newRow: ChangeRow) : ChangeEvent()

/**
 * A row of [relation] updated. [oldRow] is the old key (when the key changed, [oldIsKey]) or the whole old row
 * (REPLICA IDENTITY FULL), else null. Unchanged TOAST columns of [newRow] are filled from a full old row.
 */
public data class RowUpdated(
    override val ordinal: Int,
    val relation: Relation,
    val oldRow: ChangeRow?,
    val oldIsKey: Boolean,
    val newRow: ChangeRow,
) : ChangeEvent()

/** A row of [relation] deleted: [oldRow] is its key ([oldIsKey]) or, under REPLICA IDENTITY FULL, the whole row. */
public data class RowDeleted(override val ordinal: Int, val relation: Relation, val oldRow: ChangeRow, val oldIsKey: Boolean) : ChangeEvent()

/** [relations] truncated by one statement. */
public data class TablesTruncated(
    override val ordinal: Int,
    val relations: List<Relation>,
    val cascade: Boolean,
    val restartIdentity: Boolean,
) : ChangeEvent()

/** A transactional `pg_logical_emit_message(true, prefix, content)`. */
public class MessageEmitted(
    override val ordinal: Int,
    /** The message's prefix. */
    public val prefix: String,
    /** The message's content. */
    public val content: ByteArray,
) : ChangeEvent() {
    override fun toString(): String = "MessageEmitted($ordinal, $prefix, <${content.size} bytes>)"
}
