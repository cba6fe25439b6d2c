package io.databridge.dsl.script

/**
 * One statement of a SQL script: its [sql] from its first token on, the 1-based [line] of the script where it starts,
 * and its [code], the same text with comments and quoted contents blanked (see [StatementSplitter]).
 */
internal data class SqlStatement(val sql: String, val line: Int, val code: String = sql) {
    /** The script line of the 1-based character [position] of this statement (a server error's position). */
    fun lineOf(position: Int?): Int {
        if (position == null || position < 1) return line
        return line + sql.take(position - 1).count { it == '\n' }
    }
}
