package io.databridge.dsl.migrate

import io.databridge.dsl.script.SqlStatement
import io.databridge.dsl.script.StatementSplitter

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
