package io.databridge.examples

import io.databridge.dsl.Table
import io.databridge.dsl.replication.TableChange
import io.databridge.dsl.replication.changes
import io.databridge.dsl.schema.create
import io.databridge.pg.PgConnection
import io.databridge.pg.replication.ReplicationConnection
import io.databridge.pg.replication.replicationStream
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.withTimeout

/** The shipments whose statuses the tour's cache mirrors. */
internal object Shipments : Table("shipment") {
    val id = int4("id").primaryKey()
    val status = text("status")
}

/**
 * Change data capture as a cache invalidator: a slot and a publication, then the committed changes read back as typed
 * rows of the table object, applied to the cache and acknowledged.
 */
internal suspend fun replicationTour(url: String): List<Pair<String, Boolean>> {
    PgConnection.connect(url).use { db ->
        db.create(Shipments)
        db.simpleQuery("CREATE PUBLICATION shipments FOR TABLE shipment")
        ReplicationConnection.connect(url).use { replication -> replication.createSlot("shipment_feed") }
        try {
            db.execute("INSERT INTO shipment (id, status) VALUES ($1, $2)", 42, "packed")
            db.execute("UPDATE shipment SET status = $1 WHERE id = $2", "shipped", 42)

            val cache = HashMap<Int, String>()
            withTimeout(30_000) {
                replicationStream(url, "shipment_feed", "shipments").take(2).collect { delivery ->
                    for (change in delivery.changes(Shipments)) {
                        when (change) {
                            is TableChange.Inserted -> cache[change.new[Shipments.id]] = change.new[Shipments.status]
                            is TableChange.Updated -> cache[change.new[Shipments.id]] = change.new[Shipments.status]
                            is TableChange.Deleted -> cache.remove(change.old[Shipments.id])
                            is TableChange.Truncated -> cache.clear()
                        }
                    }
                    delivery.ack() // processed: the slot may now release this transaction's WAL
                }
            }
            println("A cache kept in step by the committed changes: $cache")
            return listOf("change data capture" to (cache == mapOf(42 to "shipped")))
        } finally {
            ReplicationConnection.connect(url).use { replication -> replication.dropSlot("shipment_feed", wait = true) }
        }
    }
}
