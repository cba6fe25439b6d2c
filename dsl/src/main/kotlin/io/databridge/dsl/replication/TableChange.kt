package io.databridge.dsl.replication

import io.databridge.dsl.Table

/**
 * A change of one of the tables asked for in [changes], with typed rows. [ordinal] is the change's position in its
 * transaction, as in the engine's events, so `(commitLsn, ordinal)` still identifies it for deduplication.
 */
public sealed class TableChange {
    /** The table object the change belongs to. */
    public abstract val table: Table

    /** The change's position within its transaction. */
    public abstract val ordinal: Int

    /** A row was inserted. */
    public data class Inserted(override val table: Table, override val ordinal: Int, val new: ChangedRow) : TableChange()

    /**
     * A row was updated. [old] is present when the key changed or under `REPLICA IDENTITY FULL` (then with every
     * column); with the default identity it holds only the key ([ChangedRow.keyOnly]).
     */
    public data class Updated(override val table: Table, override val ordinal: Int, val old: ChangedRow?, val new: ChangedRow) : TableChange()

    /** A row was deleted; [old] holds its key, or every column under `REPLICA IDENTITY FULL`. */
    public data class Deleted(override val table: Table, override val ordinal: Int, val old: ChangedRow) : TableChange()

    /** The table was truncated (with `CASCADE` or `RESTART IDENTITY` when [cascade] or [restartIdentity]). */
    public data class Truncated(
        override val table: Table,
        override val ordinal: Int,
        val cascade: Boolean,
        val restartIdentity: Boolean,
    ) : TableChange()
}
