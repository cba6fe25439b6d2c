package io.databridge.benchmark.clients

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.MixedRowCopyText
import io.databridge.benchmark.workload.Queries
import io.netty.buffer.Unpooled
import io.r2dbc.pool.ConnectionPool
import io.r2dbc.pool.ConnectionPoolConfiguration
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration
import io.r2dbc.postgresql.PostgresqlConnectionFactory
import io.r2dbc.postgresql.api.PostgresqlConnection
import io.r2dbc.spi.Connection
import io.r2dbc.spi.Readable
import reactor.core.publisher.Flux
import reactor.core.publisher.Mono
import java.math.BigDecimal
import java.nio.ByteBuffer
import java.time.OffsetDateTime
import java.util.UUID

/** r2dbc-postgresql on one connection, with r2dbc-pool for W2. */
internal class R2dbcClient : BenchmarkClient {
    override val name: String = "r2dbc-postgresql 1.1.3 + r2dbc-pool"
    private lateinit var factory: PostgresqlConnectionFactory
    private lateinit var connection: PostgresqlConnection
    private var pool: ConnectionPool? = null

    override fun open(server: ServerAddress) {
        factory = PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host(server.host).port(server.port).database(server.database).username(server.user)
                .build(),
        )
        connection = factory.create().block()!!
    }

    override fun pointSelect(id: Int): Long = pointSelectOn(connection, id).block()!!

    override fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long {
        val pool = pool ?: ConnectionPool(
            ConnectionPoolConfiguration.builder(factory).initialSize(poolSize).maxSize(poolSize).build(),
        ).also { pool = it }
        return Flux.fromArray(ids.toTypedArray())
            .flatMap({ id -> Mono.usingWhen(pool.create(), { c -> pointSelectOn(c, id) }, Connection::close) }, callers)
            .reduce(0L, Long::plus)
            .block()!!
    }

    override fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long =
        Flux.fromArray(ids.toTypedArray())
            .flatMap({ id -> pointSelectOn(connection, id) }, inFlight)
            .reduce(0L, Long::plus)
            .block()!!

    override fun readMixedRows(digest: MixedDigest) {
        connection.createStatement(Queries.SELECT_MIXED).execute()
            .flatMap { result -> result.map { row -> decodeMixed(row, digest) } }
            .blockLast()
    }

    override fun insertMixedRows(rows: List<MixedRow>): Long {
        val statement = connection.createStatement(Queries.INSERT_MIXED)
        rows.forEachIndexed { i, row ->
            if (i > 0) statement.add()
            statement.bind(0, row.int4).bind(1, row.int8).bind(2, row.text).bind(3, row.numeric)
                .bind(4, row.ts).bind(5, row.uuid).bind(6, row.bool).bind(7, row.float8)
                .bind(8, row.jsonb).bind(9, ByteBuffer.wrap(row.bytea))
        }
        return statement.execute().flatMap { it.rowsUpdated }.reduce(0L, Long::plus).block()!!
    }

    override fun copyIn(payload: ByteArray, rows: Int): Long =
        connection.copyIn(Queries.COPY_IN, Mono.fromSupplier { Unpooled.wrappedBuffer(payload) }).block()!!

    override fun loadMixedRows(rows: List<MixedRow>): Long =
        connection.copyIn(Queries.LOAD_TEXT, Flux.fromIterable(MixedRowCopyText.chunks(rows).asIterable()).map { Unpooled.wrappedBuffer(it) }).block()!!

    override fun streamSeries(rows: Long): Long {
        connection.beginTransaction().block()
        try {
            return connection.createStatement(Queries.STREAM_SERIES).bind(0, rows).fetchSize(STREAM_FETCH_SIZE).execute()
                .flatMap { result -> result.map { row -> row.get(0, Long::class.javaObjectType)!! } }
                .reduce(0L, Long::plus)
                .block()!!
        } finally {
            connection.rollbackTransaction().block()
        }
    }

    override fun close() {
        pool?.dispose()
        if (this::connection.isInitialized) connection.close().block()
    }

    private companion object {
        const val STREAM_FETCH_SIZE = 10_000

        fun pointSelectOn(connection: Connection, id: Int): Mono<Long> =
            Flux.from(connection.createStatement(Queries.POINT_SELECT).bind(0, id).execute())
                .flatMap { result ->
                    result.map { row -> row.get(0, Int::class.javaObjectType)!!.toLong() + row.get(1, String::class.java)!!.length }
                }
                .reduce(0L, Long::plus)

        fun decodeMixed(row: Readable, digest: MixedDigest) {
            val bytes = row.get(9, ByteBuffer::class.java)!!
            digest.add(
                row.get(0, Int::class.javaObjectType)!!, row.get(1, Long::class.javaObjectType)!!,
                row.get(2, String::class.java)!!, row.get(3, BigDecimal::class.java)!!,
                row.get(4, OffsetDateTime::class.java)!!.toInstant(), row.get(5, UUID::class.java)!!,
                row.get(6, Boolean::class.javaObjectType)!!, row.get(7, Double::class.javaObjectType)!!,
                row.get(8, String::class.java)!!, ByteArray(bytes.remaining()).also(bytes::get),
            )
        }
    }
}
