package io.databridge.pg.replication

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.PgConnection

/**
 * A server of its own for the replication specs (the shared one runs with `wal_level=replica`): logical WAL, room for
 * slots and senders, a small `logical_decoding_work_mem` so that modest transactions are streamed in progress, and
 * prepared transactions enabled. Stopped when the JVM exits.
 */
object LogicalPostgres {
    val server: EmbeddedPostgres by lazy {
        EmbeddedPostgres.start {
            setting("wal_level", "logical")
            setting("max_replication_slots", "20")
            setting("max_wal_senders", "20")
            setting("logical_decoding_work_mem", "64kB")
            setting("max_prepared_transactions", "10")
        }.also { pg -> Runtime.getRuntime().addShutdownHook(Thread { pg.close() }) }
    }

    val url: String get() = server.url()

    suspend fun sql(): PgConnection = PgConnection.connect(url)

    suspend fun replication(): ReplicationConnection = ReplicationConnection.connect(url)
}
