package io.databridge.pg

/** The outcome of one statement: its rows (possibly none), its command tag and the row count the tag reports. */
public class QueryResult internal constructor(
    /** The result's columns; empty for statements that return no rows. */
    public val columns: List<Column>,
    /** The rows, in the order the server sent them. */
    public val rows: List<Row>,
    /** The command tag, e.g. `SELECT 3` or `INSERT 0 1`; empty for an empty query. */
    public val commandTag: String,
    /** The number of rows affected or returned as the tag reports it, or -1 when the tag carries no count. */
    public val affectedRows: Long,
) {
    override fun toString(): String = "QueryResult($commandTag, ${rows.size} rows)"
}
