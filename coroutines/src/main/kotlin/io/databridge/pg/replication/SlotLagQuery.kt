package io.databridge.pg.replication

import io.databridge.pg.PgSession

/**
 * How far slot [slot] trails the server: the current WAL insert position against the consumer's confirmed flush position,
 * read from `pg_replication_slots` over an ordinary session (a pool or connection, not the replication connection).
 * Returns null when there is no such slot. Export [SlotLag.bytes] as a gauge to watch for a consumer that fell behind
 * or stopped, which makes the server keep WAL.
 */
public suspend fun PgSession.replicationSlotLag(slot: String): SlotLag? {
    val rows = query(
        "SELECT pg_current_wal_insert_lsn()::text, confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1",
        slot,
    ).rows
    val row = rows.singleOrNull() ?: return null
    return SlotLag(slot, Lsn.parse(row.getObject(0) as String), (row.getObject(1) as String?)?.let(Lsn::parse))
}
