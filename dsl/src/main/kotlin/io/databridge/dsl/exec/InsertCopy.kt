package io.databridge.dsl.exec

import io.databridge.dsl.Column
import io.databridge.dsl.InsertNode
import io.databridge.dsl.Param
import io.databridge.dsl.Statement
import io.databridge.dsl.Table
import io.databridge.dsl.schema.qualifiedName
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.HSTORE
import io.databridge.dsl.types.PgType
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgSession
import io.databridge.pg.Transaction
import io.databridge.pg.copyInRowsIfTable
import io.databridge.pg.types.BuiltinTypes
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.asFlow

/**
 * Bulk inserts sent as binary `COPY … FROM STDIN` where that stores exactly the rows the INSERT would, faster: from
 * [MIN_ROWS] rows of values (no expressions) into columns of built-in types, with no ON CONFLICT, RETURNING or
 * source query, into a plain table without rules (checked in the same catalog lookup COPY needs for the column
 * types), on the connection the INSERT would have used. Anything else runs as the INSERT it is.
 */
internal object InsertCopy {
    /**
     * From this many rows COPY is worth its extra catalog round trip, for narrow rows too. Measured against the
     * multi-row INSERT on one connection: 10-column rows broke even near 100 rows and went 2–2.5× faster from 250;
     * 2-column rows broke even between 1,000 and 2,000 rows (docs/benchmarks.md, round 19).
     */
    const val MIN_ROWS: Int = 1_000

    // jsonb held as its JSON text goes through the binary writer (version byte and text); json and hstore do not.
    private val NOT_COPIED = setOf(BuiltinTypes.JSON, HSTORE)

    /** Whether the binary COPY writer takes values of [type] as the DSL holds them. */
    fun copyable(type: PgType<*>): Boolean = type is BuiltinType<*> && type.base !in NOT_COPIED

    /** The number of rows stored when [statement] went through COPY on [executor]'s session; null when it must run as an INSERT. */
    suspend fun copied(executor: SqlExecutor, statement: Statement): Long? {
        val node = statement as? InsertNode ?: return null
        if (node.rows.size < MIN_ROWS || node.query != null || node.onConflict != null || node.returning.isNotEmpty()) return null
        val session = (executor as? PgSessionExecutor)?.session ?: return null
        if (!node.columns.all { copyable(it.pgType) }) return null
        val rows = values(node) ?: return null
        return onConnection(session) { copyIfTable(it, node.table, node.columns, rows) }
    }

    /** Copies [rows] (engine values in [columns] order) into [table] when it is a plain table; null when it is not. */
    suspend fun copyIfTable(connection: PgConnection, table: Table, columns: List<Column<*>>, rows: List<List<Any?>>): Long? =
        connection.copyInRowsIfTable(qualifiedName(table.schemaName, table.tableName), columns.map { it.name }, rows.asFlow())

    // Values of copyable types go to the engine as they are (EngineValues passes built-in types through), already
    // checked when their Param was made, so a row refused here would have been refused before the INSERT too.
    private fun values(node: InsertNode): List<List<Any?>>? {
        val columnTypes = node.columns.map { it.pgType }
        val rows = ArrayList<List<Any?>>(node.rows.size)
        for (row in node.rows) {
            val values = arrayOfNulls<Any?>(row.size)
            for (i in row.indices) {
                val param = row[i] as? Param<*> ?: return null
                // A value set through its column carries the column's type instance, already found copyable.
                if (param.pgType !== columnTypes[i] && !copyable(param.pgType)) return null
                values[i] = param.value
            }
            rows += values.asList()
        }
        return rows
    }

    // A pool's calls inside one of its transaction blocks run in that transaction, which a borrowed connection would
    // leave: there the rows go as the INSERT.
    private suspend fun onConnection(session: PgSession, block: suspend (PgConnection) -> Long?): Long? = when (session) {
        is PgConnection -> block(session)
        is Transaction -> session.withConnection(block)
        is PgPool -> if (currentCoroutineContext()[Transaction] == null) session.withConnection(block) else null
        else -> null
    }
}
