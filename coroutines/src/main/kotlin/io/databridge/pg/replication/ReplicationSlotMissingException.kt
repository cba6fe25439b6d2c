package io.databridge.pg.replication

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException

/**
 * [replicationStream] reconnected after losing its connection and the server it reached has no slot [slot]: the
 * primary changed (a failover or switchover to a member that never had the slot) or the slot was dropped meanwhile.
 * The stream cannot continue from its position there, so it ends instead of reconnecting again. Logical slots follow
 * a failover only as failover slots (PostgreSQL 17+) or as Patroni's permanent slots; [cause] is the server's own error
 * (SQLSTATE 42704).
 */
public class ReplicationSlotMissingException(
    /** The slot the stream consumed. */
    public val slot: String,
    /** The server reached by the reconnection (`host:port`). */
    public val server: String,
    cause: PgServerException,
) : DataBridgeException(
    "replication slot \"$slot\" does not exist on $server, the server the stream reached after its connection was lost: " +
        "the primary changed (failover or switchover) and the new primary has no copy of the slot, so the stream cannot " +
        "resume. Logical slots survive a failover only on PostgreSQL 17+ as failover slots: create the slot with the " +
        "`failover` option (ReplicationConnection.createSlot(failover = true)) and set sync_replication_slots = on, " +
        "hot_standby_feedback = on and primary_slot_name on every standby (listing their physical slots in " +
        "synchronized_standby_slots on the primary). Under Patroni 2.1+, before 17 too, declare the slot among Patroni's " +
        "permanent slots instead of creating it from the client. Otherwise create the slot anew on the new primary and " +
        "resynchronise the consumer: changes committed between its last acknowledged position and the new slot are not streamed.",
    cause,
)
