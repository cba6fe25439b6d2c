package io.databridge.benchmark.clients

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import org.jooq.DSLContext
import org.jooq.JSONB
import org.jooq.SQLDialect
import org.jooq.impl.DSL
import org.jooq.impl.SQLDataType
import java.sql.Connection
import java.sql.DriverManager

/** jOOQ's DSL (no code generation) on one pgjdbc connection, for the W7 rows. Needs Java 21+. */
internal class JooqClient : BenchmarkClient {
    override val name: String = "jOOQ 3.21.9 (pgjdbc)"
    private lateinit var connection: Connection
    private lateinit var ctx: DSLContext

    override fun open(server: ServerAddress) {
        connection = DriverManager.getConnection(server.jdbcUrl(PgJdbcClient.JDBC_OPTIONS))
        ctx = DSL.using(connection, SQLDialect.POSTGRES)
    }

    override fun pointSelect(id: Int): Long =
        ctx.select(ID, V).from(KV).where(ID.eq(id)).fetch().sumOf { it.value1().toLong() + it.value2().length }

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long = throw NotApplicable(DSL_ONLY)

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long = throw NotApplicable(DSL_ONLY)

    override fun readMixedRows(digest: MixedDigest) {
        for (r in ctx.select(INT4, INT8, TEXT, NUMERIC, TS, UUID, BOOL, FLOAT8, JSON, BYTEA).from(MIXED).fetch()) {
            digest.add(
                r.value1(), r.value2(), r.value3(), r.value4(), r.value5().toInstant(), r.value6(),
                r.value7(), r.value8(), r.value9().data(), r.value10(),
            )
        }
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long {
        val batch = ctx.batch(
            ctx.insertInto(TARGET, INT4, INT8, TEXT, NUMERIC, TS, UUID, BOOL, FLOAT8, JSON, BYTEA)
                .values(
                    null as Int?, null as Long?, null as String?, null as java.math.BigDecimal?, null as java.time.OffsetDateTime?,
                    null as java.util.UUID?, null as Boolean?, null as Double?, null as JSONB?, null as ByteArray?,
                ),
        )
        for (row in rows) {
            batch.bind(row.int4, row.int8, row.text, row.numeric, row.ts, row.uuid, row.bool, row.float8, JSONB.valueOf(row.jsonb), row.bytea)
        }
        return batch.execute().sumOf { if (it == java.sql.Statement.SUCCESS_NO_INFO) 1L else it.toLong() }
    }

    override fun copyIn(payload: ByteArray, rows: Int): Long = throw NotApplicable(DSL_ONLY)

    override fun loadMixedRows(rows: List<MixedRow>): Long = throw NotApplicable(DSL_ONLY)

    override fun streamSeries(rows: Long): Long = throw NotApplicable(DSL_ONLY)

    override fun close() {
        if (this::connection.isInitialized) connection.close()
    }

    private companion object {
        val KV = DSL.table(DSL.name("bench_kv"))
        val ID = DSL.field(DSL.name("id"), SQLDataType.INTEGER.notNull())
        val V = DSL.field(DSL.name("v"), SQLDataType.CLOB.notNull())
        val MIXED = DSL.table(DSL.name("bench_mixed"))
        val TARGET = DSL.table(DSL.name("bench_insert"))
        val INT4 = DSL.field(DSL.name("c_int4"), SQLDataType.INTEGER.notNull())
        val INT8 = DSL.field(DSL.name("c_int8"), SQLDataType.BIGINT.notNull())
        val TEXT = DSL.field(DSL.name("c_text"), SQLDataType.CLOB.notNull())
        val NUMERIC = DSL.field(DSL.name("c_numeric"), SQLDataType.NUMERIC(12, 2).notNull())
        val TS = DSL.field(DSL.name("c_ts"), SQLDataType.TIMESTAMPWITHTIMEZONE(6).notNull())
        val UUID = DSL.field(DSL.name("c_uuid"), SQLDataType.UUID.notNull())
        val BOOL = DSL.field(DSL.name("c_bool"), SQLDataType.BOOLEAN.notNull())
        val FLOAT8 = DSL.field(DSL.name("c_float8"), SQLDataType.DOUBLE.notNull())
        val JSON = DSL.field(DSL.name("c_jsonb"), SQLDataType.JSONB.notNull())
        val BYTEA = DSL.field(DSL.name("c_bytea"), SQLDataType.BLOB.notNull())
    }
}
