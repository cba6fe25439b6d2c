package io.databridge.pg.replication

/** What IDENTIFY_SYSTEM reports. */
public data class SystemIdentity(
    /** The cluster's unique system identifier. */
    val systemId: String,
    /** The current timeline. */
    val timeline: Int,
    /** The current WAL flush position. */
    val walPosition: Lsn,
    /** The database the connection is attached to. */
    val database: String?,
)

/** A replication slot just created by CREATE_REPLICATION_SLOT. */
public data class CreatedSlot(
    /** The slot's name. */
    val name: String,
    /** The position from which the slot's changes are consistent: changes committed after it are streamed. */
    val consistentPoint: Lsn,
    /** The output plugin. */
    val plugin: String?,
)

/** Where a slot stands, for lag: the server's WAL position against what the consumer confirmed. */
public data class SlotLag(
    /** The slot's name. */
    val slot: String,
    /** The server's current WAL insert position. */
    val serverPosition: Lsn,
    /** The position the consumer confirmed as flushed, or null when it never confirmed one. */
    val confirmedFlush: Lsn?,
) {
    /** Bytes of WAL the consumer has not confirmed yet. */
    val bytes: Long get() = confirmedFlush?.let { maxOf(0L, serverPosition.value - it.value) } ?: serverPosition.value
}
