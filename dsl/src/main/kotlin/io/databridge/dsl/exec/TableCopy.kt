package io.databridge.dsl.exec

import io.databridge.dsl.Assignment
import io.databridge.dsl.Column
import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.Param
import io.databridge.dsl.Query
import io.databridge.dsl.RowReader
import io.databridge.dsl.Table
import io.databridge.dsl.ValuesBuilder
import io.databridge.dsl.render.BoundParameter
import io.databridge.dsl.render.SqlRenderer
import io.databridge.dsl.schema.qualifiedName
import io.databridge.dsl.select
import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.HSTORE
import io.databridge.dsl.types.PgType
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgSession
import io.databridge.pg.Transaction
import io.databridge.pg.copyInRows
import io.databridge.pg.copyOutRows
import io.databridge.pg.protocol.TransactionStatus
import io.databridge.pg.transaction
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.produceIn

/**
 * Writes one row per item of [items] into [table] with binary `COPY … FROM STDIN`, the fastest way to load many
 * rows: [body] sets each row's columns as `insertAll` does (`row[Books.title] = book.title`), values only (COPY
 * takes no expressions), and every row sets the columns the first one set. Values are checked as parameters are;
 * one that does not fit fails with `ValueEncodingException` naming its row and column, and nothing is stored. On a
 * pool or an idle connection the COPY runs in its own transaction; inside a transaction it is part of it.
 * Returns the number of rows stored.
 */
public suspend fun <E> PgSession.copyIn(table: Table, items: Flow<E>, body: (ValuesBuilder, E) -> Unit): Long =
    onConnection { connection ->
        coroutineScope {
            val rows = items.map { item -> ValuesBuilder(table).also { body(it, item) }.assignments }.produceIn(this)
            val first = rows.receiveCatching().let { it.exceptionOrNull()?.let { e -> throw e }; it.getOrNull() } ?: return@coroutineScope 0L
            val columns = first.map { it.column }
            copyTableRows(connection, table, columns, flow {
                emit(values(first, columns, 1))
                var number = 1L
                for (row in rows) emit(values(row, columns, ++number))
            })
        }
    }

/** [copyIn] of a collection. */
public suspend fun <E> PgSession.copyIn(table: Table, items: Iterable<E>, body: (ValuesBuilder, E) -> Unit): Long =
    onConnection { connection ->
        // An iterator can be peeked for the first row's columns without the channel the Flow variant needs.
        val iterator = items.iterator()
        if (!iterator.hasNext()) return@onConnection 0L
        val first = ValuesBuilder(table).also { body(it, iterator.next()) }.assignments
        val columns = first.map { it.column }
        copyTableRows(connection, table, columns, flow {
            emit(values(first, columns, 1))
            var number = 1L
            while (iterator.hasNext()) emit(values(ValuesBuilder(table).also { body(it, iterator.next()) }.assignments, columns, ++number))
        })
    }

/**
 * Streams the rows of [query] through binary `COPY (query) TO STDOUT`, decoded as the query's rows are (tuples,
 * `ResultRow`, mapped classes): the fastest way to read many rows, with the same back-pressure as `flow`. COPY
 * takes no bound parameters, so each value of [query] is bound to a transaction-local setting first and the query
 * reads it from there (never spliced into the SQL); the COPY runs in a transaction of its own on a pool or an idle
 * connection. Collecting the flow runs the query; stopping early leaves the connection usable. [query] may also be
 * an insert, update or delete with `returning(…)` (PostgreSQL's `COPY (… RETURNING …) TO STDOUT`): it runs once,
 * and its returned rows are streamed.
 */
public fun <R> PgSession.copyOut(query: Query<R>, renderer: SqlRenderer = SqlRenderer.shared): Flow<R> = channelFlow {
    onConnection { connection ->
        val rendered = renderer.render(query.statement)
        val values = rendered.parameters.map(EngineValues::toEngine)
        // The server's description of the statement gives the column types to decode the binary stream with (and
        // makes the connection look up types it does not know yet) without running it: an INSERT … RETURNING runs once.
        val columns = connection.describe(rendered.sql)
        if (values.isNotEmpty()) connection.query(settingsSql(rendered.parameters), *values.toTypedArray())
        val sql = "COPY (${renderer.renderReadingSettings(query.statement, SETTINGS_PREFIX)}) TO STDOUT (FORMAT binary)"
        val reader = ListRowReader()
        connection.copyOutRows(sql, IntArray(columns.size) { columns[it].typeOid }).collect { row ->
            reader.values = row
            send(query.shape.decode(reader))
        }
    }
}

private const val SETTINGS_PREFIX = "databridge.copy_"

// Each value goes through its type's text form, so the server converts it back exactly as it would the parameter.
private fun settingsSql(parameters: List<BoundParameter>): String = parameters.indices.joinToString(", ", "SELECT ") { i ->
    "set_config('$SETTINGS_PREFIX${i + 1}', COALESCE('v' || \$${i + 1}::${parameters[i].type.placeholderType}::text, ''), true)"
}

private class ListRowReader : RowReader {
    lateinit var values: List<Any?>

    override fun read(index: Int, type: PgType<*>): Any? = values[index]?.let { EngineValues.fromEngine(it, type, index) }
}

private fun values(assignments: List<Assignment>, columns: List<Column<*>>, row: Long): List<Any?> {
    if (assignments.size != columns.size || assignments.indices.any { assignments[it].column != columns[it] }) {
        throw InvalidQueryException("row $row sets ${assignments.map { it.column.name }}; COPY needs the columns of the first row, ${columns.map { it.name }}")
    }
    return assignments.map { a ->
        val param = a.value as? Param<*> ?: throw InvalidQueryException("row $row sets ${a.column.name} to an expression; COPY takes values only")
        EngineValues.toEngine(BoundParameter(param.value, a.column.pgType))
    }
}

/**
 * Copies [rows] (engine values in [columns] order) into [table] with binary COPY on [connection]; returns the count.
 * When a column's type may be unknown to the connection (enums, composites, extension types), selecting the columns
 * once first makes it look the types up, so every column has its binary codec.
 */
internal suspend fun copyTableRows(connection: PgConnection, table: Table, columns: List<Column<*>>, rows: Flow<List<Any?>>): Long {
    if (!columns.all { builtin(it.pgType) }) connection.asSqlExecutor().list(select(columns).from(table).limit(0))
    return connection.copyInRows(qualifiedName(table.schemaName, table.tableName), columns.map { it.name }, rows)
}

// hstore is an extension type: its OID differs per database.
private fun builtin(type: PgType<*>): Boolean = when (type) {
    is BuiltinType<*> -> type.base != HSTORE
    is ArrayType<*> -> builtin(type.element)
    else -> false
}


/** Runs [block] on this session's connection, inside a transaction (the session's own, or one opened for it). */
private suspend fun <T> PgSession.onConnection(block: suspend (PgConnection) -> T): T = when (this) {
    is PgConnection -> {
        val connection: PgConnection = this
        if (connection.transactionStatus == TransactionStatus.IDLE) connection.transaction { block(connection) } else block(connection)
    }
    is Transaction -> withConnection(block)
    is PgPool -> transaction { it.withConnection(block) }
    else -> throw InvalidQueryException("COPY needs a PgConnection, a PgPool or a Transaction, not ${this::class.simpleName}")
}
