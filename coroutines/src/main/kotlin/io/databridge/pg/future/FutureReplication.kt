package io.databridge.pg.future

import io.databridge.pg.replication.CreatedSlot
import io.databridge.pg.replication.Delivery
import io.databridge.pg.replication.Lsn
import io.databridge.pg.replication.ReplicationConnection
import io.databridge.pg.replication.ReplicationOptions
import io.databridge.pg.replication.SlotLag
import io.databridge.pg.replication.replicationSlotLag
import io.databridge.pg.replication.replicationStream
import kotlinx.coroutines.jdk9.asPublisher
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow

/**
 * Logical replication for Java: slot administration as futures and the change stream as a [Flow.Publisher] of
 * [Delivery]s, each to be acknowledged with [Delivery.ack] once processed (see the Kotlin `replicationStream`).
 */
public object FutureReplication {
    private val scope = FacadeScope(null)

    /**
     * The changes of [slot] for [publications], reconnecting and resuming from the last acknowledged position, or
     * after [startAfter] (the end LSN of the last transaction the consumer stored itself) when that is later.
     * Each subscriber gets a stream of its own; the publisher honours `request(n)`, so a slow subscriber slows the server.
     */
    @JvmStatic
    @JvmOverloads
    public fun stream(
        connectionString: String,
        slot: String,
        publications: List<String>,
        options: ReplicationOptions = ReplicationOptions(),
        startAfter: Lsn? = null,
    ): Flow.Publisher<Delivery> =
        replicationStream(connectionString, slot, *publications.toTypedArray(), options = options, startAfter = startAfter).asPublisher()

    /** Creates a permanent logical slot [slot] for pgoutput. */
    @JvmStatic
    public fun createSlot(connectionString: String, slot: String): CompletableFuture<CreatedSlot> = scope.call {
        ReplicationConnection.connect(connectionString).use { it.createSlot(slot) }
    }

    /** Drops slot [slot], waiting for a stream still using it to end. */
    @JvmStatic
    public fun dropSlot(connectionString: String, slot: String): CompletableFuture<Void?> = scope.call {
        ReplicationConnection.connect(connectionString).use { it.dropSlot(slot, wait = true) }
        null
    }

    /** How far [slot] trails the server, read over [pool]; null when there is no such slot. */
    @JvmStatic
    public fun slotLag(pool: FuturePgPool, slot: String): CompletableFuture<SlotLag?> = pool.scope.call { pool.pool.replicationSlotLag(slot) }
}
