package io.databridge.benchmark.replication

import io.databridge.pg.replication.ChangeTransaction
import io.databridge.pg.replication.ReplicationConnection
import io.databridge.pg.replication.ReplicationOptions
import io.databridge.pg.replication.RowInserted
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.runBlocking
import org.postgresql.PGConnection
import org.postgresql.PGProperty
import java.sql.DriverManager
import java.util.Properties
import java.util.concurrent.TimeUnit

/** One way of reading the inserts of ids [ids] from a slot; it fails unless it saw each of them. */
internal sealed class SlotReader(
    /** The row label in the report. */
    val label: String,
) {
    abstract fun read(server: ProbeServer, slot: String, ids: LongRange)

    /**
     * data-bridge's stream: pgoutput decoded into transactions and rows, every value of every row decoded by the codecs
     * (text or binary format), each transaction acknowledged.
     */
    class DataBridge(private val binary: Boolean) :
        SlotReader("data-bridge `ReplicationConnection.stream`, every value decoded (${if (binary) "binary" else "text"} format)") {
        override fun read(server: ProbeServer, slot: String, ids: LongRange): Unit = runBlocking {
            val changes = ids.last - ids.first + 1
            var seen = 0L
            var sum = 0L
            ReplicationConnection.connect(server.url).use { replication ->
                replication.stream(slot, listOf(ProbeServer.PUBLICATION), ReplicationOptions(binary = binary)).takeWhile { delivery ->
                    val tx = delivery.event as ChangeTransaction
                    for (change in tx.changes) {
                        val row = (change as RowInserted).newRow
                        sum += row.get(0) as Long
                        for (i in 1 until row.relation.columns.size) row.get(i)
                    }
                    seen += tx.changes.size
                    delivery.ack()
                    seen < changes
                }.collect()
            }
            check(sum == (ids.first + ids.last) * changes / 2) { "$label read the wrong rows: sum $sum" }
        }
    }

    /** pgjdbc's replication API: the pgoutput messages as raw bytes, counted by kind, nothing decoded. */
    object PgJdbcRaw : SlotReader("pgjdbc `PGReplicationStream`, raw bytes (inserts counted, nothing decoded)") {
        private const val INSERT = 'I'.code.toByte()

        override fun read(server: ProbeServer, slot: String, ids: LongRange) {
            val changes = ids.last - ids.first + 1
            val properties = Properties().apply {
                PGProperty.USER.set(this, server.user)
                PGProperty.REPLICATION.set(this, "database")
                PGProperty.ASSUME_MIN_SERVER_VERSION.set(this, "10")
                PGProperty.PREFER_QUERY_MODE.set(this, "simple")
            }
            DriverManager.getConnection(server.jdbcUrl, properties).use { connection ->
                val stream = connection.unwrap(PGConnection::class.java).replicationAPI.replicationStream().logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", "4")
                    .withSlotOption("publication_names", ProbeServer.PUBLICATION)
                    .withStatusInterval(10, TimeUnit.SECONDS)
                    .start()
                var inserts = 0L
                while (inserts < changes) {
                    val message = stream.read() ?: error("the replication stream of $slot ended early")
                    if (message.get(message.position()) == INSERT) inserts++
                }
                stream.setFlushedLSN(stream.lastReceiveLSN)
                stream.setAppliedLSN(stream.lastReceiveLSN)
                stream.forceUpdateStatus()
                stream.close()
            }
        }
    }
}
