package io.databridge.dsl.exec

import io.databridge.dsl.InsertNode
import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.Query
import io.databridge.dsl.RawStatement
import io.databridge.dsl.ReturningCapable
import io.databridge.dsl.Statement
import io.databridge.dsl.render.RenderedSql
import io.databridge.pg.PgConnection
import io.databridge.pg.Row
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map

/**
 * Runs [query] and decodes every row into [R]. A multi-row `insertAll(…).returning(…)` over the protocol's 65,535
 * parameters runs in chunks, atomically (see [execute]), its rows returned in order.
 */
public suspend fun <R> SqlExecutor.list(query: Query<R>): List<R> = list(query, renderer.render(query.statement))

private suspend fun <R> SqlExecutor.list(query: Query<R>, rendered: RenderedSql): List<R> {
    val rows = if (rendered.parameters.size <= ParameterLimit.MAX_PARAMETERS) {
        query(rendered.sql, rendered.engineParameters())
    } else {
        val chunks = insertChunks(query.statement, rendered)
        atomically { ex -> chunks.flatMap { ex.query(it.sql, it.engineParameters()) } }
    }
    val reader = EngineRowReader()
    return rows.map { row ->
        reader.row = row
        query.shape.decode(reader)
    }
}

/** Runs [query] and returns its only row; throws [UnexpectedRowCountException] for none or several. */
public suspend fun <R> SqlExecutor.single(query: Query<R>): R {
    val rows = list(query)
    if (rows.size != 1) throw UnexpectedRowCountException("expected exactly one row, the query returned ${rows.size}")
    return rows[0]
}

/** Runs [query] and returns its only row, or null when it returns none; throws [UnexpectedRowCountException] for several. */
public suspend fun <R> SqlExecutor.singleOrNull(query: Query<R>): R? {
    val rows = list(query)
    if (rows.size > 1) throw UnexpectedRowCountException("expected at most one row, the query returned ${rows.size}")
    return rows.firstOrNull()
}

/** Runs [query] and returns its first row; throws [UnexpectedRowCountException] when it returns none. Add a LIMIT to fetch less. */
public suspend fun <R> SqlExecutor.first(query: Query<R>): R =
    firstOrNull(query) ?: throw UnexpectedRowCountException("expected at least one row, the query returned none")

/** Runs [query] and returns its first row, or null when it returns none. */
public suspend fun <R> SqlExecutor.firstOrNull(query: Query<R>): R? = list(query).firstOrNull()

/**
 * Streams the rows of [query] as they arrive, [fetchSize] rows per round trip (bounded memory); the query is
 * rendered when this is called, so a statement over the protocol's 65,535 parameters throws [InvalidQueryException]
 * here. The exception is a multi-row `insertAll(…).returning(…)` over the limit: it runs in chunks, all-or-nothing as
 * [execute] runs it, and its rows are emitted in order once every chunk has run (a row is never seen from an insert
 * that is then rolled back); they are the caller's own rows, already in memory.
 */
public fun <R> SqlExecutor.flow(query: Query<R>, fetchSize: Int = PgConnection.DEFAULT_FETCH_SIZE): Flow<R> {
    val rendered = renderer.render(query.statement)
    if (rendered.parameters.size > ParameterLimit.MAX_PARAMETERS && isChunkable(query.statement)) {
        return kotlinx.coroutines.flow.flow { list(query, rendered).forEach { emit(it) } }
    }
    val reader = EngineRowReader()
    return stream(rendered.sql, rendered.engineParameters(), fetchSize).map { row ->
        reader.row = row
        query.shape.decode(reader)
    }
}

/**
 * Runs an INSERT, UPDATE or DELETE without RETURNING (or an upsert) and returns the number of rows it affected.
 * A multi-row INSERT (`insertAll`) needing more than the protocol's 65,535 parameters is cut into statements under
 * the limit, run in one transaction when the caller is not in one (a savepoint when it is), so the insert stays
 * all-or-nothing; the result is the total row count. Any other statement over the limit throws
 * [InvalidQueryException] before anything is sent.
 *
 * From 1,000 rows, an `insertAll` of values (no expressions, no ON CONFLICT) into built-in column types of a plain
 * table without rules is stored with one binary `COPY … FROM STDIN` instead, on a connection, a transaction, or a pool
 * outside its transaction blocks: the same rows, triggers and constraints, several times faster. It is as atomic
 * as the INSERT: a value the column's type cannot hold fails the COPY (`ValueEncodingException` naming the row and
 * column when the client finds it, the server's error otherwise) with nothing stored.
 */
public suspend fun SqlExecutor.execute(statement: ReturningCapable): Long {
    InsertCopy.copied(this, statement.statement)?.let { return it }
    val rendered = renderer.render(statement.statement)
    if (rendered.parameters.size <= ParameterLimit.MAX_PARAMETERS) return execute(rendered.sql, rendered.engineParameters())
    val chunks = insertChunks(statement.statement, rendered)
    return atomically { ex -> chunks.sumOf { ex.execute(it.sql, it.engineParameters()) } }
}

/** Runs raw SQL with bound parameters and returns the affected row count (-1 when the command reports none). */
public suspend fun SqlExecutor.execute(statement: RawStatement): Long = execute(statement as Statement)

/** Runs raw SQL with bound parameters and returns the engine's rows, to read by index or name. */
public suspend fun SqlExecutor.query(statement: RawStatement): List<Row> {
    val rendered = renderer.render(statement)
    return query(rendered.sql, rendered.engineParameters())
}

/**
 * Runs [statements], which must all render to the same SQL (the same shape with different values, for example one
 * `Table.insert { … }` per item), as one batch: one round trip, all or nothing. Returns each statement's row count.
 */
public suspend fun SqlExecutor.executeBatch(statements: List<ReturningCapable>): LongArray {
    if (statements.isEmpty()) return LongArray(0)
    val shape = statements[0].statement
    val first = renderer.render(shape)
    val sets = ArrayList<List<Any?>>(statements.size)
    sets += first.engineParameters()
    for (i in 1 until statements.size) {
        val statement = statements[i].statement
        // A statement equal to the first (bound values aside) renders to its SQL: only its values are collected, which
        // spares hashing every statement for a cache lookup.
        val rendered = if (statement == shape) RenderedSql(first.sql, renderer.parameters(statement)) else renderer.render(statement)
        if (rendered.sql != first.sql) {
            throw InvalidQueryException("batch statement $i has a different shape than statement 0; a batch runs one SQL text")
        }
        sets += rendered.engineParameters()
    }
    return executeBatch(first.sql, sets)
}

private suspend fun SqlExecutor.execute(statement: Statement): Long {
    val rendered = renderer.render(statement)
    return execute(rendered.sql, rendered.engineParameters())
}

private fun RenderedSql.engineParameters(): List<Any?> {
    if (parameters.size > ParameterLimit.MAX_PARAMETERS) {
        throw InvalidQueryException(
            "the statement binds ${parameters.size} parameters; the protocol allows ${ParameterLimit.MAX_PARAMETERS} " +
                "(only a multi-row INSERT, insertAll, is cut into chunks: by execute, list and flow; bind a long list " +
                "of values as one array parameter with eqAny instead of inList)",
        )
    }
    return parameters.map(EngineValues::toEngine)
}

/** Whether [statement] is a multi-row INSERT, which can be cut into statements of fewer rows. */
private fun isChunkable(statement: Statement): Boolean = statement is InsertNode && statement.rows.size >= 2

/**
 * [statement] (rendered as [whole], over the limit) as multi-row INSERTs of consecutive rows, each under the limit.
 * Rows may bind different numbers of parameters (a value or an expression per column), so each chunk is rendered
 * and halved until it fits; full chunks share one shape, so the renderer's cache serves all but the last.
 */
private fun SqlExecutor.insertChunks(statement: Statement, whole: RenderedSql): List<RenderedSql> {
    if (!isChunkable(statement)) return listOf(whole)
    val node = statement as InsertNode
    val perRow = (whole.parameters.size + node.rows.size - 1) / node.rows.size
    val chunks = ArrayList<RenderedSql>()
    var from = 0
    while (from < node.rows.size) {
        var size = minOf(node.rows.size - from, maxOf(1, ParameterLimit.MAX_PARAMETERS / perRow))
        var chunk = renderer.render(node.copy(rows = node.rows.subList(from, from + size)))
        while (chunk.parameters.size > ParameterLimit.MAX_PARAMETERS && size > 1) {
            size /= 2
            chunk = renderer.render(node.copy(rows = node.rows.subList(from, from + size)))
        }
        chunks += chunk
        from += size
    }
    return chunks
}
