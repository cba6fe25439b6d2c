package io.databridge.benchmark.clients

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.Queries
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.Row
import io.databridge.pg.TransportKind
import io.databridge.pg.copyInRows
import io.databridge.pg.types.Oids
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import java.util.UUID
import java.util.concurrent.atomic.AtomicLong

/** How W1's sequential caller reaches the engine. */
internal enum class W1Caller(val label: String) {
    /** A blocking thread entering `runBlocking` per query, like the rest of the harness. */
    BLOCKING(""),

    /** A blocking thread calling `queryBlocking`, which lets that thread do the connection's I/O itself: no hand-off. */
    BLOCKING_CALL(", blocking call (queryBlocking)"),

    /** One coroutine around the whole loop, as a Kotlin caller already in a coroutine; each query still hops to the loop and back. */
    COROUTINE(", coroutine caller"),

    /** One coroutine on the connection's own event loop (`withContext(connection.dispatcher)`): no hop per query. */
    LOOP(", coroutine on the connection's loop"),
}

/**
 * data-bridge's coroutine engine over [transport]: one [PgConnection] for W1 and W3-W8 (W3 pipelines on it),
 * a [PgPool] whose callers share leases for W2. Blocking entry points bridge with `runBlocking`, as the
 * harness calls every client from one thread; [caller] says how W1's sequential loop calls the engine.
 */
internal class DataBridgeClient(private val transport: TransportKind, private val caller: W1Caller = W1Caller.BLOCKING) : BenchmarkClient {
    override val name: String = "data-bridge (${label(transport)})${caller.label}"
    private val options = connectOptionsFor(transport)
    private lateinit var url: String
    private lateinit var connection: PgConnection
    private var pool: PgPool? = null

    override fun open(server: ServerAddress) {
        url = "postgresql://${server.user}@${server.host}:${server.port}/${server.database}"
        connection = runBlocking { PgConnection.connect(url, options) }
    }

    override fun pointSelect(id: Int): Long = runBlocking { checksumOf(connection.query(Queries.POINT_SELECT, id).rows) }

    override fun sequentialPointSelects(ids: IntArray, latencies: DoubleArray): Long = when (caller) {
        W1Caller.BLOCKING -> super.sequentialPointSelects(ids, latencies)
        W1Caller.BLOCKING_CALL -> blockingCalls(ids, latencies)
        W1Caller.COROUTINE -> runBlocking { pointSelectsInCoroutine(ids, latencies) }
        W1Caller.LOOP -> runBlocking(connection.dispatcher) { pointSelectsInCoroutine(ids, latencies) }
    }

    private fun blockingCalls(ids: IntArray, latencies: DoubleArray): Long =
        timed(ids, latencies) { id -> checksumOf(connection.queryBlocking(Queries.POINT_SELECT, id).rows) }

    private suspend fun pointSelectsInCoroutine(ids: IntArray, latencies: DoubleArray): Long =
        timed(ids, latencies) { id -> checksumOf(connection.query(Queries.POINT_SELECT, id).rows) }

    // Inline, so the suspending caller's select runs in its coroutine and neither loop pays for a lambda call.
    private inline fun timed(ids: IntArray, latencies: DoubleArray, select: (Int) -> Long): Long {
        var sum = 0L
        for (i in ids.indices) {
            val t0 = System.nanoTime()
            sum += select(ids[i])
            latencies[i] = (System.nanoTime() - t0) / 1000.0
        }
        return sum
    }

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long {
        val pool = pool ?: PgPool.create("$url?pool_max_size=$poolSize", PgPoolOptions(connect = options)).also { pool = it }
        return runBlocking {
            (0 until callers).map { caller ->
                async {
                    var sum = 0L
                    for (i in caller until ids.size step callers) sum += checksumOf(pool.query(Queries.POINT_SELECT, ids[i]).rows)
                    sum
                }
            }.awaitAll().sum()
        }
    }

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long {
        val window = Semaphore(inFlight)
        val sum = AtomicLong()
        runBlocking {
            for (id in ids) {
                window.acquire()
                launch {
                    try {
                        sum.addAndGet(checksumOf(connection.query(Queries.POINT_SELECT, id).rows))
                    } finally {
                        window.release()
                    }
                }
            }
        }
        return sum.get()
    }

    override fun readMixedRows(digest: MixedDigest) {
        val rows = runBlocking { connection.query(Queries.SELECT_MIXED).rows }
        for (row in rows) decodeMixed(row, digest)
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long = runBlocking {
        connection.executeBatch(Queries.INSERT_MIXED, rows.map(::parametersOf)).sum()
    }

    override fun copyIn(payload: ByteArray, rows: Int): Long = runBlocking {
        connection.copyIn(Queries.COPY_IN, chunksOf(payload).asFlow())
    }

    override fun loadMixedRows(rows: List<MixedRow>): Long = runBlocking {
        connection.copyInRows(Queries.LOAD_BINARY, LOAD_TYPES, rows.asFlow().map(::parametersOf))
    }

    override fun streamSeries(rows: Long): Long = runBlocking {
        var sum = 0L
        connection.stream(Queries.STREAM_SERIES, rows, fetchSize = STREAM_FETCH_SIZE).collect { sum += it.getLong(0) }
        sum
    }

    override fun close() {
        runBlocking { pool?.closeGracefully() }
        if (this::connection.isInitialized) connection.close()
    }

    companion object {
        private const val STREAM_FETCH_SIZE = 10_000
        private const val COPY_CHUNK = 64 * 1024
        private val LOAD_TYPES = intArrayOf(
            Oids.INT4, Oids.INT8, Oids.TEXT, Oids.NUMERIC, Oids.TIMESTAMPTZ, Oids.UUID, Oids.BOOL, Oids.FLOAT8, Oids.JSONB, Oids.BYTEA,
        )

        /** The transport's name in report rows. */
        fun label(transport: TransportKind): String = when (transport) {
            TransportKind.NIO -> "NIO"
            TransportKind.KTOR -> "Ktor"
        }

        private fun checksumOf(rows: List<Row>): Long {
            var sum = 0L
            for (row in rows) sum += row.getInt(0) + row.getString(1).length
            return sum
        }

        private fun decodeMixed(row: Row, digest: MixedDigest) {
            digest.add(
                row.getInt(0), row.getLong(1), row.getString(2), row.getBigDecimal(3),
                row.getInstant(4), row.get<UUID>(5), row.getBoolean(6), row.getDouble(7),
                row.getString(8), row.get<ByteArray>(9),
            )
        }

        private fun parametersOf(row: MixedRow): List<Any?> = listOf(
            row.int4, row.int8, row.text, row.numeric, row.ts, row.uuid, row.bool, row.float8, row.jsonb, row.bytea,
        )

        /** The payload in COPY-sized slices, as a client streaming a file would send it. */
        private fun chunksOf(payload: ByteArray): List<ByteArray> =
            (payload.indices step COPY_CHUNK).map { payload.copyOfRange(it, minOf(it + COPY_CHUNK, payload.size)) }
    }
}
