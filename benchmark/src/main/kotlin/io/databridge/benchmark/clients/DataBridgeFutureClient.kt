package io.databridge.benchmark.clients

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.Queries
import io.databridge.pg.QueryResult
import io.databridge.pg.future.FuturePgConnection
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Semaphore
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference

/**
 * data-bridge through its Java facade (`io.databridge.pg.future`), called as Java code would: W1 joins each
 * query's future on the calling thread, W3 keeps 256 futures outstanding and chains the checksum on each. Only W1
 * and W3 run here; the engine underneath is the data-bridge (NIO) row for the rest.
 */
internal class DataBridgeFutureClient : BenchmarkClient {
    override val name: String = "data-bridge Java facade (NIO)"
    private lateinit var connection: FuturePgConnection

    override fun open(server: ServerAddress) {
        connection = connect("postgresql://${server.user}@${server.host}:${server.port}/${server.database}").join()
    }

    override fun pointSelect(id: Int): Long = checksumOf(connection.query(Queries.POINT_SELECT, id).join())

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long {
        val window = Semaphore(inFlight)
        val sum = AtomicLong()
        val failure = AtomicReference<Throwable>()
        for (id in ids) {
            window.acquire()
            connection.query(Queries.POINT_SELECT, id).whenComplete { result, error ->
                if (error != null) failure.compareAndSet(null, error) else sum.addAndGet(checksumOf(result))
                window.release()
            }
        }
        window.acquire(inFlight)
        failure.get()?.let { throw it }
        return sum.get()
    }

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long = throw NotApplicable(ONLY)

    override fun readMixedRows(digest: MixedDigest): Unit = throw NotApplicable(ONLY)

    override fun insertMixedRows(rows: List<MixedRow>): Long = throw NotApplicable(ONLY)

    override fun copyIn(payload: ByteArray, rows: Int): Long = throw NotApplicable(ONLY)

    override fun loadMixedRows(rows: List<MixedRow>): Long = throw NotApplicable(ONLY)

    override fun streamSeries(rows: Long): Long = throw NotApplicable(ONLY)

    override fun close() {
        if (this::connection.isInitialized) connection.close()
    }

    private companion object {
        const val ONLY = "the facade rows cover W1 and W3; the engine underneath is the data-bridge (NIO) row"

        /**
         * Connects through the build's Java entry point. `compare.sh` runs this harness against older engines too:
         * `DataBridge.create().connect(url)` where the build has it, the former `PgConnections.connect(url)` otherwise,
         * looked up by reflection since only one of them exists in either build.
         */
        @Suppress("UNCHECKED_CAST")
        fun connect(url: String): CompletableFuture<FuturePgConnection> {
            val entry = runCatching { Class.forName("io.databridge.pg.future.DataBridge") }.getOrNull()
            if (entry != null) {
                val bridge = entry.getMethod("create").invoke(null)
                return entry.getMethod("connect", String::class.java).invoke(bridge, url) as CompletableFuture<FuturePgConnection>
            }
            val former = Class.forName("io.databridge.pg.future.PgConnections")
            return former.getMethod("connect", String::class.java).invoke(null, url) as CompletableFuture<FuturePgConnection>
        }

        fun checksumOf(result: QueryResult): Long {
            var sum = 0L
            for (row in result.rows) sum += row.getInt(0) + row.getString(1).length
            return sum
        }
    }
}
