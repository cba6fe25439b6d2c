package io.databridge.benchmark.clients

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.Queries
import io.vertx.core.Future
import io.vertx.core.Vertx
import io.vertx.core.buffer.Buffer
import io.vertx.core.json.JsonObject
import io.vertx.pgclient.PgBuilder
import io.vertx.pgclient.PgConnectOptions
import io.vertx.pgclient.PgConnection
import io.vertx.sqlclient.Pool
import io.vertx.sqlclient.PoolOptions
import io.vertx.sqlclient.Row
import io.vertx.sqlclient.RowSet
import io.vertx.sqlclient.SqlClient
import io.vertx.sqlclient.Tuple

/** vertx-pg-client 5 on one connection (pipelining limit 256, prepared-statement cache on) and a Vert.x pool for W2. */
internal class VertxClient : BenchmarkClient {
    override val name: String = "vertx-pg-client 5.0.12"
    private val vertx: Vertx = Vertx.vertx()
    private lateinit var options: PgConnectOptions
    private lateinit var connection: PgConnection
    private var pool: Pool? = null

    override fun open(server: ServerAddress) {
        options = PgConnectOptions()
            .setHost(server.host).setPort(server.port).setDatabase(server.database).setUser(server.user)
            .setPipeliningLimit(PIPELINING_LIMIT)
            // Off by default; Vert.x recommends it for repeated queries, and pgjdbc, r2dbc and jasync cache too.
            .setCachePreparedStatements(true)
        connection = PgConnection.connect(vertx, options).block()
    }

    override fun pointSelect(id: Int): Long = pointSelectOn(connection, id).block()

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long {
        val pool = pool ?: PgBuilder.pool()
            .with(PoolOptions().setMaxSize(poolSize))
            .connectingTo(options)
            .using(vertx)
            .build()
            .also { pool = it }
        return windowed(ids, callers) { pointSelectOn(pool, it).toCompletionStage() }
    }

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long =
        windowed(ids, inFlight) { pointSelectOn(connection, it).toCompletionStage() }

    override fun readMixedRows(digest: MixedDigest) {
        val rows = connection.preparedQuery(Queries.SELECT_MIXED).execute().block()
        for (row in rows) decodeMixed(row, digest)
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long {
        var result: RowSet<Row>? = connection.preparedQuery(Queries.INSERT_MIXED).executeBatch(rows.map(::tupleOf)).block()
        var inserted = 0L
        while (result != null) {
            inserted += result.rowCount()
            result = result.next()
        }
        return inserted
    }

    override fun copyIn(payload: ByteArray, rows: Int): Long =
        throw NotApplicable("vertx-pg-client 5.0 has no COPY API")

    override fun loadMixedRows(rows: List<MixedRow>): Long = throw NotApplicable("vertx-pg-client 5.0 has no COPY API")

    override fun streamSeries(rows: Long): Long {
        val tx = connection.begin().block()
        try {
            val statement = connection.prepare(Queries.STREAM_SERIES).block()
            val cursor = statement.cursor(Tuple.of(rows))
            var sum = 0L
            do {
                for (row in cursor.read(STREAM_FETCH_SIZE).block()) sum += row.getLong(0)
            } while (cursor.hasMore())
            cursor.close().block()
            return sum
        } finally {
            tx.rollback().block()
        }
    }

    override fun close() {
        pool?.close()?.block()
        if (this::connection.isInitialized) connection.close().block()
        vertx.close().block()
    }

    private companion object {
        const val PIPELINING_LIMIT = 256
        const val STREAM_FETCH_SIZE = 10_000

        fun <T> Future<T>.block(): T = toCompletionStage().await()

        fun pointSelectOn(client: SqlClient, id: Int): Future<Long> =
            client.preparedQuery(Queries.POINT_SELECT).execute(Tuple.of(id)).map { rows ->
                var sum = 0L
                for (row in rows) sum += row.getInteger(0) + row.getString(1).length
                sum
            }

        fun decodeMixed(row: Row, digest: MixedDigest) {
            digest.add(
                row.getInteger(0), row.getLong(1), row.getString(2), row.getBigDecimal(3),
                row.getOffsetDateTime(4).toInstant(), row.getUUID(5), row.getBoolean(6), row.getDouble(7),
                row.getValue(8).toString(), row.getBuffer(9).bytes,
            )
        }

        fun tupleOf(row: MixedRow): Tuple = Tuple.tuple()
            .addInteger(row.int4).addLong(row.int8).addString(row.text).addValue(row.numeric)
            .addOffsetDateTime(row.ts).addUUID(row.uuid).addBoolean(row.bool).addDouble(row.float8)
            .addValue(JsonObject(row.jsonb)).addBuffer(Buffer.buffer(row.bytea))
    }
}
