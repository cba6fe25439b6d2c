package io.databridge.benchmark.clients

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.NotApplicable
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.entity
import io.databridge.dsl.entity.repository
import io.databridge.pg.PgConnection
import io.databridge.pg.TransportKind
import kotlinx.coroutines.runBlocking

/** A bench_kv row as an entity. */
internal class KvEntity(val id: Int, val v: String)

private val kvMapping: EntityMapping<KvEntity, Int> = entity(DslKv) {
    id(DslKv.id, KvEntity::id)
    column(DslKv.v, KvEntity::v)
    construct { KvEntity(it[DslKv.id], it[DslKv.v]) }
}

/** The workload's own [MixedRow] as the entity of a ten-column table (keyed by `c_int4`, which is unique there). */
private fun mixedMapping(t: DslMixed): EntityMapping<MixedRow, Int> = entity(t) {
    id(t.int4, MixedRow::int4)
    column(t.int8, MixedRow::int8)
    column(t.text, MixedRow::text)
    column(t.numeric, MixedRow::numeric)
    column(t.ts, MixedRow::ts)
    column(t.uuid, MixedRow::uuid)
    column(t.bool, MixedRow::bool)
    column(t.float8, MixedRow::float8)
    column(t.jsonb, MixedRow::jsonb)
    column(t.bytea, MixedRow::bytea)
    construct { MixedRow(it[t.int4], it[t.int8], it[t.text], it[t.numeric], it[t.ts], it[t.uuid], it[t.bool], it[t.float8], it[t.jsonb], it[t.bytea]) }
}

/**
 * W7 for the entity layer: W1 as `findById`, W4 as `findAll` and W5 as `insertAll` (1,000 complete rows: one binary
 * COPY, insertAll's path from that many rows) on one [PgConnection], called like [DataBridgeDslClient], so the two rows differ
 * only by the entity layer. Each workload call uses a fresh repository handle, as a request would.
 */
internal class DataBridgeEntityClient(private val transport: TransportKind) : BenchmarkClient {
    override val name: String = "data-bridge entities (${DataBridgeClient.label(transport)})"
    private lateinit var connection: PgConnection
    private val source = mixedMapping(DslMixedSource)
    private val target = mixedMapping(DslMixedTarget)

    override fun open(server: ServerAddress) {
        val url = "postgresql://${server.user}@${server.host}:${server.port}/${server.database}"
        connection = runBlocking { PgConnection.connect(url, connectOptionsFor(transport)) }
    }

    override fun pointSelect(id: Int): Long = runBlocking {
        val row = connection.repository(kvMapping).findById(id)
        if (row == null) 0L else row.id + row.v.length.toLong()
    }

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long = throw NotApplicable(ENTITY_ONLY)

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long = throw NotApplicable(ENTITY_ONLY)

    override fun readMixedRows(digest: MixedDigest) {
        for (row in runBlocking { connection.repository(source).findAll() }) digest.add(row)
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long = runBlocking { connection.repository(target).insertAll(rows).size.toLong() }

    override fun copyIn(payload: ByteArray, rows: Int): Long = throw NotApplicable(ENTITY_ONLY)

    override fun loadMixedRows(rows: List<MixedRow>): Long = throw NotApplicable(ENTITY_ONLY)

    override fun streamSeries(rows: Long): Long = throw NotApplicable(ENTITY_ONLY)

    override fun close() {
        if (this::connection.isInitialized) connection.close()
    }
}

/** Why the entity row skips the workloads other than W1, W4 and W5. */
internal const val ENTITY_ONLY: String = "entity rows (W7) cover W1, W4 and W5 only; the DSL underneath is the data-bridge DSL row"
