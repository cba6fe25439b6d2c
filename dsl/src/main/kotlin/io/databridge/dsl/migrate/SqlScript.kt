package io.databridge.dsl.migrate

/** One statement of a SQL migration, with the 1-based line of the file where it starts. */
internal data class SqlStatement(val sql: String, val line: Int) {
    /** The file line of the 1-based character [position] of this statement (a server error's position). */
    fun lineOf(position: Int?): Int {
        if (position == null || position < 1) return line
        return line + sql.take(position - 1).count { it == '\n' }
    }
}

/** A SQL migration's normalized text, split into statements, and whether it runs in a transaction. */
internal class SqlScript(val text: String, val statements: List<SqlStatement>, val transactional: Boolean) {
    companion object {
        /** Parses migration text: normalizes it, reads the no-transaction marker, splits it into statements. */
        fun parse(text: String): SqlScript {
            val normalized = MigrationChecksum.normalize(text)
            val firstLine = normalized.substringBefore('\n').trim()
            val transactional = !firstLine.equals(Migration.NO_TRANSACTION_MARKER, ignoreCase = true)
            return SqlScript(normalized, StatementSplitter(normalized).split(), transactional)
        }
    }
}
