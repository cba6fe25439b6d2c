package io.databridge.benchmark.clients

import com.github.jasync.sql.db.Configuration
import com.github.jasync.sql.db.RowData
import com.github.jasync.sql.db.pool.ConnectionPool
import com.github.jasync.sql.db.postgresql.PostgreSQLConnection
import com.github.jasync.sql.db.postgresql.PostgreSQLConnectionBuilder
import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.Queries
import java.math.BigDecimal
import java.util.UUID

/** jasync-postgresql on one connection, with its own connection pool for W2. */
internal class JasyncClient : BenchmarkClient {
    override val name: String = "jasync-postgresql 2.2.4"
    private lateinit var url: String
    private lateinit var connection: PostgreSQLConnection
    private var pool: ConnectionPool<PostgreSQLConnection>? = null

    override fun open(server: ServerAddress) {
        url = "jdbc:postgresql://${server.host}:${server.port}/${server.database}?user=${server.user}"
        connection = PostgreSQLConnection(
            Configuration(username = server.user, host = server.host, port = server.port, database = server.database),
        )
        connection.connect().get()
    }

    override fun pointSelect(id: Int): Long =
        connection.sendPreparedStatement(POINT_SELECT, listOf(id)).await().rows.sumOf(::pointChecksum)

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long {
        val pool = pool ?: PostgreSQLConnectionBuilder.createConnectionPool(url) {
            maxActiveConnections = poolSize
            maxPendingQueries = Int.MAX_VALUE
        }.also { pool = it }
        return windowed(ids, callers) { id ->
            pool.sendPreparedStatement(POINT_SELECT, listOf(id)).thenApply { it.rows.sumOf(::pointChecksum) }
        }
    }

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long =
        throw NotApplicable("jasync runs one query at a time per connection (ConnectionStillRunningQueryException)")

    override fun readMixedRows(digest: MixedDigest) {
        for (row in connection.sendPreparedStatement(Queries.SELECT_MIXED).await().rows) decodeMixed(row, digest)
    }

    /** jasync has no batch API: one multi-row INSERT carrying all rows' parameters is its fastest path. */
    override fun insertMixedRows(rows: List<MixedRow>): Long {
        val values = rows.indices.joinToString(", ") { _ ->
            (1..COLUMNS).joinToString(", ", "(", ")") { c -> if (c == JSONB_COLUMN) "?::jsonb" else "?" }
        }
        val params = ArrayList<Any>(rows.size * COLUMNS)
        for (row in rows) {
            params.addAll(listOf(row.int4, row.int8, row.text, row.numeric, row.ts, row.uuid, row.bool, row.float8, row.jsonb, row.bytea))
        }
        val sql = "INSERT INTO bench_insert (${Queries.MIXED_COLUMNS}) VALUES $values"
        return connection.sendPreparedStatement(sql, params, true).await().rowsAffected
    }

    override fun copyIn(payload: ByteArray, rows: Int): Long =
        throw NotApplicable("jasync-postgresql 2.2.4 has no COPY API")

    override fun loadMixedRows(rows: List<MixedRow>): Long = throw NotApplicable("jasync-postgresql 2.2.4 has no COPY API")

    override fun streamSeries(rows: Long): Long =
        throw NotApplicable("jasync-postgresql materialises the whole result set in memory (no cursor or stream API)")

    override fun close() {
        pool?.disconnect()?.get()
        if (this::connection.isInitialized) connection.disconnect().get()
    }

    private companion object {
        /** jasync takes JDBC-style `?` placeholders. */
        val POINT_SELECT: String = PgJdbcClient.jdbcSql(Queries.POINT_SELECT)
        const val COLUMNS = 10
        const val JSONB_COLUMN = 9

        fun pointChecksum(row: RowData): Long = row.getInt(0)!!.toLong() + row.getString(1)!!.length

        fun decodeMixed(row: RowData, digest: MixedDigest) {
            digest.add(
                row.getInt(0)!!, row.getLong(1)!!, row.getString(2)!!, row[3] as BigDecimal,
                MixedDigest.instantOf(row[4]!!), row[5] as UUID, row.getBoolean(6)!!, row.getDouble(7)!!,
                row.getString(8)!!, row[9] as ByteArray,
            )
        }
    }
}
