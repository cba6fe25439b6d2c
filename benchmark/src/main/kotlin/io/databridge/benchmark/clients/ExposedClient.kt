package io.databridge.benchmark.clients

import com.zaxxer.hikari.HikariConfig
import com.zaxxer.hikari.HikariDataSource
import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import org.jetbrains.exposed.v1.core.eq
import org.jetbrains.exposed.v1.jdbc.Database
import org.jetbrains.exposed.v1.jdbc.batchInsert
import org.jetbrains.exposed.v1.jdbc.select
import org.jetbrains.exposed.v1.jdbc.selectAll
import org.jetbrains.exposed.v1.jdbc.transactions.transaction

/** Exposed's typed DSL on pgjdbc, one pooled connection, for the W7 rows. */
internal class ExposedClient : BenchmarkClient {
    override val name: String = "Exposed 1.0.0 (pgjdbc)"
    private lateinit var dataSource: HikariDataSource
    private lateinit var database: Database

    override fun open(server: ServerAddress) {
        dataSource = HikariDataSource(HikariConfig().apply {
            jdbcUrl = server.jdbcUrl(PgJdbcClient.JDBC_OPTIONS)
            maximumPoolSize = 1
        })
        database = Database.connect(dataSource)
    }

    override fun pointSelect(id: Int): Long = transaction(database) {
        KvTable.select(KvTable.id, KvTable.v).where { KvTable.id eq id }
            .sumOf { it[KvTable.id].toLong() + it[KvTable.v].length }
    }

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long = throw NotApplicable(DSL_ONLY)

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long = throw NotApplicable(DSL_ONLY)

    override fun readMixedRows(digest: MixedDigest) {
        transaction(database) {
            val t = MixedSource
            for (r in t.selectAll()) {
                digest.add(
                    r[t.int4], r[t.int8], r[t.text], r[t.numeric], r[t.ts].toInstant(), r[t.uuid],
                    r[t.bool], r[t.float8], r[t.jsonb], r[t.bytea],
                )
            }
        }
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long = transaction(database) {
        val t = MixedTarget
        t.batchInsert(rows, shouldReturnGeneratedValues = false) { row ->
            this[t.int4] = row.int4
            this[t.int8] = row.int8
            this[t.text] = row.text
            this[t.numeric] = row.numeric
            this[t.ts] = row.ts
            this[t.uuid] = row.uuid
            this[t.bool] = row.bool
            this[t.float8] = row.float8
            this[t.jsonb] = row.jsonb
            this[t.bytea] = row.bytea
        }.size.toLong()
    }

    override fun copyIn(payload: ByteArray, rows: Int): Long = throw NotApplicable(DSL_ONLY)

    override fun loadMixedRows(rows: List<MixedRow>): Long = throw NotApplicable(DSL_ONLY)

    override fun streamSeries(rows: Long): Long = throw NotApplicable(DSL_ONLY)

    override fun close() {
        if (this::dataSource.isInitialized) dataSource.close()
    }
}

/** Why the DSL clients skip the workloads other than W1, W4 and W5. */
internal const val DSL_ONLY: String = "DSL rows (W7) cover W1, W4 and W5 only; the driver underneath is the pgjdbc row"
