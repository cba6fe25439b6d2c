package io.databridge.benchmark.clients

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.dsl.Column
import io.databridge.dsl.Table
import io.databridge.dsl.ValuesBuilder
import io.databridge.dsl.eq
import io.databridge.dsl.exec.copyIn
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.insertAll
import io.databridge.dsl.select
import io.databridge.dsl.selectAll
import io.databridge.pg.PgConnection
import io.databridge.pg.TransportKind
import kotlinx.coroutines.runBlocking

/** bench_kv as a data-bridge DSL table. */
internal object DslKv : Table("bench_kv") {
    val id: Column<Int> = int4("id").primaryKey()
    val v: Column<String> = text("v")
}

/** The mixed columns other than the timestamp, which the tables below declare as they read it. */
internal abstract class DslMixedColumns(name: String) : Table(name) {
    val int4: Column<Int> = int4("c_int4")
    val int8: Column<Long> = int8("c_int8")
    val text: Column<String> = text("c_text")
    val numeric: Column<java.math.BigDecimal> = numeric("c_numeric", 12, 2)
    val uuid: Column<java.util.UUID> = uuid("c_uuid")
    val bool: Column<Boolean> = bool("c_bool")
    val float8: Column<Double> = float8("c_float8")
    val jsonb: Column<String> = jsonb("c_jsonb")
    val bytea: Column<ByteArray> = bytea("c_bytea")
}

/** The ten mixed columns as a data-bridge DSL table, the timestamp as `OffsetDateTime` as [MixedRow] holds it. */
internal open class DslMixed(name: String) : DslMixedColumns(name) {
    val ts: Column<java.time.OffsetDateTime> = timestamptz("c_ts")

    /** Sets every column of [values] from [row], for an insert and for a COPY alike. */
    fun assign(values: ValuesBuilder, row: MixedRow) {
        values[int4] = row.int4
        values[int8] = row.int8
        values[text] = row.text
        values[numeric] = row.numeric
        values[ts] = row.ts
        values[uuid] = row.uuid
        values[bool] = row.bool
        values[float8] = row.float8
        values[jsonb] = row.jsonb
        values[bytea] = row.bytea
    }
}

/** The table W4 reads through the DSL, the timestamp as an `Instant`, as the raw row reads it with `getInstant`. */
internal object DslMixedRead : DslMixedColumns("bench_mixed") {
    val ts: Column<java.time.Instant> = instant("c_ts")
}

internal object DslMixedSource : DslMixed("bench_mixed")

internal object DslMixedTarget : DslMixed("bench_insert")

internal object DslMixedLoad : DslMixed("bench_load")

/**
 * W7: the W1, W4 and W5 queries through data-bridge's DSL on one [PgConnection] over [transport], called the same
 * way as [DataBridgeClient] (a blocking caller bridging with `runBlocking`), so the two rows differ only by the DSL.
 * W5 is `execute(insertAll(rows))`, the call a user makes for many rows (stored with one binary COPY from 1,000 rows).
 */
internal class DataBridgeDslClient(private val transport: TransportKind) : BenchmarkClient {
    override val name: String = "data-bridge DSL (${DataBridgeClient.label(transport)})"
    private lateinit var connection: PgConnection

    override fun open(server: ServerAddress) {
        val url = "postgresql://${server.user}@${server.host}:${server.port}/${server.database}"
        connection = runBlocking { PgConnection.connect(url, connectOptionsFor(transport)) }
    }

    override fun pointSelect(id: Int): Long = runBlocking {
        var sum = 0L
        for ((key, value) in connection.list(select(DslKv.id, DslKv.v).from(DslKv).where(DslKv.id eq id))) sum += key + value.length
        sum
    }

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long = throw NotApplicable(DSL_ONLY_OURS)

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long = throw NotApplicable(DSL_ONLY_OURS)

    override fun readMixedRows(digest: MixedDigest) {
        val t = DslMixedRead
        val rows = runBlocking { connection.list(t.selectAll()) }
        for (r in rows) {
            digest.add(
                r[t.int4], r[t.int8], r[t.text], r[t.numeric], r[t.ts], r[t.uuid],
                r[t.bool], r[t.float8], r[t.jsonb], r[t.bytea],
            )
        }
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long {
        val t = DslMixedTarget
        return runBlocking { connection.execute(t.insertAll(rows, t::assign)) }
    }

    override fun copyIn(payload: ByteArray, rows: Int): Long = throw NotApplicable(DSL_ONLY_OURS)

    override fun loadMixedRows(rows: List<MixedRow>): Long {
        val t = DslMixedLoad
        return runBlocking { connection.copyIn(t, rows, t::assign) }
    }

    override fun streamSeries(rows: Long): Long = throw NotApplicable(DSL_ONLY_OURS)

    override fun close() {
        if (this::connection.isInitialized) connection.close()
    }
}

/** Why our DSL rows skip the workloads other than W1, W4 and W5. */
internal const val DSL_ONLY_OURS: String = "DSL rows (W7) cover W1, W4 and W5 only; the engine underneath is the raw data-bridge row"
