package io.databridge.dsl.exec

import io.databridge.dsl.render.SqlRenderer
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgSession
import io.databridge.pg.Row
import io.databridge.pg.Transaction
import io.databridge.pg.transaction
import kotlinx.coroutines.flow.Flow

/**
 * Where the DSL's rendered SQL runs: the four calls the DSL needs from a session. Any [PgSession] (a connection, a
 * pool, a transaction) satisfies it through [asSqlExecutor]; another engine plugs in by implementing it, and every
 * DSL execution function (`list`, `single`, `flow`, `execute`, `executeBatch`, …) then works on it unchanged.
 */
public interface SqlExecutor {
    /** The renderer that turns statement trees into SQL text, caching the text by shape. */
    public val renderer: SqlRenderer

    /** Runs [sql] with [parameters] bound to `$1…$n` and returns all its rows. */
    public suspend fun query(sql: String, parameters: List<Any?>): List<Row>

    /** Runs [sql] with [parameters] and returns the affected row count (-1 when the command reports none). */
    public suspend fun execute(sql: String, parameters: List<Any?>): Long

    /** Runs [sql] once per parameter set in one round trip, all or nothing; returns each set's row count. */
    public suspend fun executeBatch(sql: String, parameterSets: List<List<Any?>>): LongArray

    /** Streams the rows of [sql] [fetchSize] at a time, fetching more only as the collector consumes them. */
    public fun stream(sql: String, parameters: List<Any?>, fetchSize: Int): Flow<Row>

    /**
     * Runs [block] atomically with the executor its statements must use: in a transaction, or a savepoint of the one
     * already open. The default has no transaction control and runs [block] on this executor as is; an executor
     * over an engine with transactions overrides it (the DSL uses it to keep a chunked `insertAll` all-or-nothing).
     */
    public suspend fun <T> atomically(block: suspend (SqlExecutor) -> T): T = block(this)
}

/** This connection, pool or transaction as the DSL's [SqlExecutor], rendering with [renderer] (the process-wide one by default). */
public fun PgSession.asSqlExecutor(renderer: SqlRenderer = SqlRenderer.shared): SqlExecutor = PgSessionExecutor(this, renderer)

internal class PgSessionExecutor(val session: PgSession, override val renderer: SqlRenderer) : SqlExecutor {
    override suspend fun query(sql: String, parameters: List<Any?>): List<Row> =
        session.query(sql, *parameters.toTypedArray()).rows

    override suspend fun execute(sql: String, parameters: List<Any?>): Long =
        session.execute(sql, *parameters.toTypedArray())

    override suspend fun executeBatch(sql: String, parameterSets: List<List<Any?>>): LongArray =
        session.executeBatch(sql, parameterSets)

    override fun stream(sql: String, parameters: List<Any?>, fetchSize: Int): Flow<Row> =
        session.stream(sql, *parameters.toTypedArray(), fetchSize = fetchSize)

    override suspend fun <T> atomically(block: suspend (SqlExecutor) -> T): T = when (session) {
        is PgPool -> session.transaction { block(it.asSqlExecutor(renderer)) }
        is PgConnection -> session.transaction { block(it.asSqlExecutor(renderer)) }
        is Transaction -> session.transaction { block(it.asSqlExecutor(renderer)) }
        else -> block(this)
    }

    override fun toString(): String = "SqlExecutor($session)"
}
