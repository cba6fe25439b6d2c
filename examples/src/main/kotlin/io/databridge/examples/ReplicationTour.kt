package io.databridge.examples

import io.databridge.pg.PgConnection
import io.databridge.pg.replication.ChangeTransaction
import io.databridge.pg.replication.ReplicationConnection
import io.databridge.pg.replication.RowInserted
import io.databridge.pg.replication.RowUpdated
import io.databridge.pg.replication.replicationStream
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout

/** Change data capture: a slot, a publication, and the committed changes read back as decoded rows, acknowledged. */
internal suspend fun replicationTour(url: String): List<Pair<String, Boolean>> {
    PgConnection.connect(url).use { db ->
        db.simpleQuery("CREATE TABLE shipment (id int PRIMARY KEY, status text NOT NULL); CREATE PUBLICATION shipments FOR TABLE shipment")
        ReplicationConnection.connect(url).use { replication -> replication.createSlot("shipment_feed") }
        try {
            db.execute("INSERT INTO shipment (id, status) VALUES ($1, $2)", 42, "packed")
            db.execute("UPDATE shipment SET status = $1 WHERE id = $2", "shipped", 42)

            val seen = withTimeout(30_000) {
                replicationStream(url, "shipment_feed", "shipments").take(2).map { delivery ->
                    val changes = (delivery.event as ChangeTransaction).changes.map { change ->
                        when (change) {
                            is RowInserted -> "inserted ${change.newRow["id"]} ${change.newRow["status"]}"
                            is RowUpdated -> "updated ${change.newRow["id"]} ${change.newRow["status"]}"
                            else -> change.toString()
                        }
                    }
                    delivery.ack() // processed: the slot may now release this transaction's WAL
                    changes
                }.toList().flatten()
            }
            println("Committed changes from the slot: $seen")
            return listOf("change data capture" to (seen == listOf("inserted 42 packed", "updated 42 shipped")))
        } finally {
            ReplicationConnection.connect(url).use { replication -> replication.dropSlot("shipment_feed", wait = true) }
        }
    }
}
