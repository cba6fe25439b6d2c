package io.databridge.pg

import io.databridge.pg.copy.CopyColumn
import io.databridge.pg.copy.binaryCodec
import io.databridge.pg.copy.encodeBinaryCopy
import io.databridge.pg.errors.ColumnNotFoundException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.identifiers.Identifiers
import kotlinx.coroutines.flow.Flow

/**
 * Runs [sql] (a `COPY … FROM STDIN (FORMAT binary)` naming its columns) and streams [rows] in the PGCOPY binary
 * format; [columnTypes] are the type OIDs of the listed columns in order. Values are converted and range-checked as
 * query parameters are, with this connection's codecs. A value that does not fit fails with a
 * [ValueEncodingException] naming the 1-based row and the column; the COPY is then aborted (nothing is stored) and
 * the connection stays usable. Returns the number of rows stored.
 */
public suspend fun PgConnection.copyInRows(sql: String, columnTypes: IntArray, rows: Flow<List<Any?>>): Long {
    val columns = columnTypes.mapIndexed { i, oid -> CopyColumn("column ${i + 1}", binaryCodec("column ${i + 1}", oid)) }
    return copyIn(sql, encodeBinaryCopy(columns, rows))
}

/**
 * Copies [rows] into [table] (a name as `::regclass` parses it, e.g. `public.orders` or `"Mixed Case"`) through
 * `COPY … FROM STDIN (FORMAT binary)`. [columns] are the column names as stored (case-sensitive) in the order of the
 * row values; empty means every column in table order. The column types are read once from `pg_attribute` (a
 * domain column is sent as its base type). Failures as in the [copyInRows] taking SQL.
 */
public suspend fun PgConnection.copyInRows(table: String, columns: List<String>, rows: Flow<List<Any?>>): Long =
    copyInto(table, columns, rows, tablesOnly = false) ?: error("a COPY into any relation always runs")

/**
 * [copyInRows] into [table] only when COPY stores exactly what an INSERT of the same rows would: a plain or
 * partitioned table without rules (COPY applies no rules; views and foreign tables take rows differently). Otherwise
 * returns null with nothing sent after the catalog lookup, so the caller can INSERT the rows instead, in the same
 * transaction. Bulk inserts that pick COPY by size use it.
 */
public suspend fun PgConnection.copyInRowsIfTable(table: String, columns: List<String>, rows: Flow<List<Any?>>): Long? =
    copyInto(table, columns, rows, tablesOnly = true)

private suspend fun PgConnection.copyInto(table: String, columns: List<String>, rows: Flow<List<Any?>>, tablesOnly: Boolean): Long? {
    val catalog = query(
        """
        SELECT a.attrelid::regclass::text AS tbl, a.attname::text AS col,
               (CASE t.typtype WHEN 'd' THEN t.typbasetype ELSE a.atttypid END)::int4 AS oid,
               c.relkind IN ('r', 'p') AND NOT c.relhasrules AS plain
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid
        WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND (cardinality($2::text[]) = 0 OR a.attname::text = ANY($2::text[]))
        ORDER BY a.attnum
        """.trimIndent(),
        table, columns,
    ).rows
    if (catalog.isEmpty()) throw ColumnNotFoundException("table $table has no such columns")
    if (tablesOnly && !catalog[0].getBoolean("plain")) return null
    val oids = catalog.associate { it.getString("col") to it.getInt("oid") }
    val names = columns.ifEmpty { catalog.map { it.getString("col") } }
    val resolved = names.map { name ->
        val oid = oids[name] ?: throw ColumnNotFoundException("table $table has no column $name")
        CopyColumn(name, binaryCodec(name, oid))
    }
    val sql = "COPY ${catalog[0].getString("tbl")} (${names.joinToString { Identifiers.quote(it) }}) FROM STDIN (FORMAT binary)"
    return copyIn(sql, encodeBinaryCopy(resolved, rows))
}
