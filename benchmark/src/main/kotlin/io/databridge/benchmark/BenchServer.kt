package io.databridge.benchmark

import io.databridge.benchmark.clients.PgJdbcClient
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.Queries
import io.databridge.embedded.EmbeddedPostgres
import java.sql.Connection
import java.sql.DriverManager

/**
 * The server every client talks to: one embedded cluster with the same settings for all, the schema and
 * data the workloads read, and an admin connection the harness uses to verify and reset between rounds.
 */
internal class BenchServer private constructor(private val postgres: EmbeddedPostgres) : BenchAdmin, AutoCloseable {
    val address: ServerAddress = ServerAddress(postgres.host, postgres.port, "postgres", postgres.superuser)
    private val admin: Connection = DriverManager.getConnection(address.jdbcUrl())

    /** The server's version string, e.g. "18.1". */
    val version: String = scalar("SHOW server_version")

    /** The pid of the postmaster, found as the parent of our own backend. */
    val postmasterPid: Long = BenchAdmin.postmasterPid(admin)

    fun createSchema() {
        admin.createStatement().use { st ->
            st.execute("DROP TABLE IF EXISTS bench_kv, bench_mixed, bench_insert, bench_copy, bench_load")
            st.execute("CREATE TABLE bench_kv (id int4 PRIMARY KEY, v text NOT NULL)")
            st.execute("INSERT INTO bench_kv SELECT g, 'value-' || g FROM generate_series(1, ${BenchmarkPlan.KV_ROWS}) g")
            val columns = "c_int4 int4 NOT NULL, c_int8 int8 NOT NULL, c_text text NOT NULL, c_numeric numeric(12,2) NOT NULL, " +
                "c_ts timestamptz NOT NULL, c_uuid uuid NOT NULL, c_bool bool NOT NULL, c_float8 float8 NOT NULL, " +
                "c_jsonb jsonb NOT NULL, c_bytea bytea NOT NULL"
            st.execute("CREATE TABLE bench_mixed ($columns)")
            st.execute("CREATE TABLE bench_insert ($columns)")
            st.execute("CREATE TABLE bench_load ($columns)")
            st.execute("CREATE TABLE bench_copy (id int8 NOT NULL, name text NOT NULL, score float8 NOT NULL)")
        }
        admin.prepareStatement(PgJdbcClient.jdbcSql(Queries.INSERT_MIXED).replace("bench_insert", "bench_mixed")).use { st ->
            for (row in MixedRow.range(BenchmarkPlan.MIXED_ROWS)) {
                PgJdbcClient.bindMixed(st, row)
                st.addBatch()
            }
            st.executeBatch()
        }
        admin.createStatement().use { it.execute("VACUUM ANALYZE") }
        check(scalar("SELECT sum(id) + sum(length(v)) FROM bench_kv").toLong() == (1..BenchmarkPlan.KV_ROWS).sumOf(Queries::pointChecksum)) {
            "bench_kv does not hold the expected data"
        }
    }

    override fun countAndSum(table: String, column: String): Pair<Long, Long> = BenchAdmin.countAndSum(admin, table, column)

    override fun truncate(table: String) = BenchAdmin.truncate(admin, table)

    private fun scalar(sql: String): String = BenchAdmin.scalar(admin, sql)

    override fun close() {
        admin.close()
        postgres.close()
    }

    companion object {
        fun start(): BenchServer {
            val postgres = EmbeddedPostgres.start()
            return try {
                BenchServer(postgres)
            } catch (e: Exception) {
                postgres.close()
                throw e
            }
        }
    }
}
