package io.databridge.dsl.exec

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

/** Runs [query] and decodes every row into [R]. */
public suspend fun <R> SqlExecutor.list(query: Query<R>): List<R> {
    val rendered = renderer.render(query.statement)
    val rows = query(rendered.sql, rendered.engineParameters())
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
 * Streams the rows of [query] as they arrive, [fetchSize] rows per round trip (bounded memory); rendering happens
 * when the flow is collected.
 */
public fun <R> SqlExecutor.flow(query: Query<R>, fetchSize: Int = PgConnection.DEFAULT_FETCH_SIZE): Flow<R> {
    val rendered = renderer.render(query.statement)
    val reader = EngineRowReader()
    return stream(rendered.sql, rendered.engineParameters(), fetchSize).map { row ->
        reader.row = row
        query.shape.decode(reader)
    }
}

/** Runs an INSERT, UPDATE or DELETE without RETURNING (or an upsert) and returns the number of rows it affected. */
public suspend fun SqlExecutor.execute(statement: ReturningCapable): Long = execute(statement.statement)

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
    val first = renderer.render(statements[0].statement)
    val sets = ArrayList<List<Any?>>(statements.size)
    sets += first.engineParameters()
    for (i in 1 until statements.size) {
        val rendered = renderer.render(statements[i].statement)
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

private fun RenderedSql.engineParameters(): List<Any?> = parameters.map(EngineValues::toEngine)
