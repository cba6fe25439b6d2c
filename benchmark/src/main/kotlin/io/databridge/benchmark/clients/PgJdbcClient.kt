package io.databridge.benchmark.clients

import com.zaxxer.hikari.HikariConfig
import com.zaxxer.hikari.HikariDataSource
import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.MixedRowCopyText
import io.databridge.benchmark.workload.Queries
import org.postgresql.PGConnection
import java.io.ByteArrayInputStream
import java.sql.Connection
import java.sql.DriverManager
import java.sql.PreparedStatement
import java.sql.ResultSet
import java.time.OffsetDateTime
import java.util.UUID
import java.util.concurrent.Callable
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

/** pgjdbc on one plain connection, with HikariCP for the pooled workload. */
internal class PgJdbcClient : BenchmarkClient {
    override val name: String = "pgjdbc 42.7.14 + HikariCP"
    private lateinit var server: ServerAddress
    private lateinit var connection: Connection
    private lateinit var pointSelect: PreparedStatement
    private var pool: HikariDataSource? = null
    private var callers: ExecutorService? = null

    override fun open(server: ServerAddress) {
        this.server = server
        connection = DriverManager.getConnection(server.jdbcUrl(JDBC_OPTIONS))
        pointSelect = connection.prepareStatement(jdbcSql(Queries.POINT_SELECT))
    }

    override fun pointSelect(id: Int): Long = pointSelectOn(pointSelect, id)

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long {
        val pool = pool ?: HikariDataSource(HikariConfig().apply {
            jdbcUrl = server.jdbcUrl(JDBC_OPTIONS)
            maximumPoolSize = poolSize
            minimumIdle = poolSize
        }).also { pool = it }
        val executor = this.callers ?: Executors.newFixedThreadPool(callers).also { this.callers = it }
        val tasks = ids.indices.groupBy { it % callers }.values.map { slice ->
            Callable {
                var sum = 0L
                for (i in slice) {
                    pool.connection.use { c ->
                        c.prepareStatement(jdbcSql(Queries.POINT_SELECT)).use { sum += pointSelectOn(it, ids[i]) }
                    }
                }
                sum
            }
        }
        return executor.invokeAll(tasks).sumOf { it.get() }
    }

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long =
        throw NotApplicable("JDBC is synchronous: one statement in flight per connection")

    override fun readMixedRows(digest: MixedDigest) {
        connection.prepareStatement(Queries.SELECT_MIXED).use { st ->
            st.executeQuery().use { rs -> while (rs.next()) decodeMixed(rs, digest) }
        }
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long =
        connection.prepareStatement(jdbcSql(Queries.INSERT_MIXED)).use { st ->
            for (row in rows) {
                bindMixed(st, row)
                st.addBatch()
            }
            st.executeBatch().sumOf { if (it == java.sql.Statement.SUCCESS_NO_INFO) 1L else it.toLong() }
        }

    override fun copyIn(payload: ByteArray, rows: Int): Long =
        connection.unwrap(PGConnection::class.java).copyAPI.copyIn(Queries.COPY_IN, ByteArrayInputStream(payload))

    override fun loadMixedRows(rows: List<MixedRow>): Long {
        val copy = connection.unwrap(PGConnection::class.java).copyAPI.copyIn(Queries.LOAD_TEXT)
        try {
            for (chunk in MixedRowCopyText.chunks(rows)) copy.writeToCopy(chunk, 0, chunk.size)
            return copy.endCopy()
        } finally {
            if (copy.isActive) copy.cancelCopy()
        }
    }

    override fun streamSeries(rows: Long): Long {
        connection.autoCommit = false
        try {
            return connection.prepareStatement(jdbcSql(Queries.STREAM_SERIES)).use { st ->
                st.fetchSize = STREAM_FETCH_SIZE
                st.setLong(1, rows)
                st.executeQuery().use { rs ->
                    var sum = 0L
                    while (rs.next()) sum += rs.getLong(1)
                    sum
                }
            }
        } finally {
            connection.rollback()
            connection.autoCommit = true
        }
    }

    override fun close() {
        callers?.shutdownNow()
        pool?.close()
        if (this::connection.isInitialized) connection.close()
    }

    companion object {
        /** Batched inserts rewritten into multi-row INSERTs: pgjdbc's fastest batch path. */
        const val JDBC_OPTIONS: String = "reWriteBatchedInserts=true"
        const val STREAM_FETCH_SIZE: Int = 10_000

        /** Turns the shared `$n` placeholders into JDBC's `?`. */
        fun jdbcSql(sql: String): String = sql.replace(Regex("\\$\\d+"), "?")

        fun pointSelectOn(st: PreparedStatement, id: Int): Long {
            st.setInt(1, id)
            return st.executeQuery().use { rs ->
                var sum = 0L
                while (rs.next()) sum += rs.getInt(1) + rs.getString(2).length
                sum
            }
        }

        fun decodeMixed(rs: ResultSet, digest: MixedDigest) {
            digest.add(
                rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4),
                rs.getObject(5, OffsetDateTime::class.java).toInstant(), rs.getObject(6, UUID::class.java),
                rs.getBoolean(7), rs.getDouble(8), rs.getString(9), rs.getBytes(10),
            )
        }

        fun bindMixed(st: PreparedStatement, row: MixedRow) {
            st.setInt(1, row.int4)
            st.setLong(2, row.int8)
            st.setString(3, row.text)
            st.setBigDecimal(4, row.numeric)
            st.setObject(5, row.ts)
            st.setObject(6, row.uuid)
            st.setBoolean(7, row.bool)
            st.setDouble(8, row.float8)
            st.setString(9, row.jsonb)
            st.setBytes(10, row.bytea)
        }
    }
}
