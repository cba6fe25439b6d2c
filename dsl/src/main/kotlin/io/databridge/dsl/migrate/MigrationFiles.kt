package io.databridge.dsl.migrate

import io.databridge.dsl.script.SqlStatement

/** Turns a SQL file's name and text into a [Migration], following Flyway's naming. */
internal object MigrationFiles {
    private val VERSIONED = Regex("""^V([^_]+(?:_[0-9]+)*)__(.*)\.sql$""")
    private val REPEATABLE = Regex("""^R__(.*)\.sql$""")

    /**
     * The migration in the file [name] with [text] found at [location], or null when the name is not a migration's
     * (it does not end in `.sql` or does not start with `V` or `R`). A `V…`/`R…` `.sql` name that does not follow the
     * pattern is refused, since it is most likely a typo that would otherwise be skipped without a word.
     */
    fun migration(name: String, location: String, text: () -> String): Migration? {
        if (!name.endsWith(".sql") || !(name.startsWith("V") || name.startsWith("R"))) return null
        VERSIONED.matchEntire(name)?.let { match ->
            val version = try {
                MigrationVersion.parse(match.groupValues[1])
            } catch (e: MigrationSourceException) {
                throw MigrationSourceException("$location: ${e.message}", e)
            }
            return sql(version, match.groupValues[2], MigrationType.SQL, name, location, text())
        }
        REPEATABLE.matchEntire(name)?.let { match ->
            return sql(null, match.groupValues[1], MigrationType.REPEATABLE, name, location, text())
        }
        throw MigrationSourceException(
            "$location: a migration file must be named V<version>__<description>.sql or R__<description>.sql",
        )
    }

    /**
     * A COMMIT inside a transactional migration would commit half of it before its history row, and a BEGIN would
     * only warn; either breaks the all-or-nothing promise, so such a file is refused before anything runs.
     */
    private fun refuseTransactionControl(script: SqlScript, location: String) {
        val control = script.statements.firstOrNull(::isTransactionControl) ?: return
        throw MigrationSourceException(
            "$location, line ${control.line}: \"${control.sql.take(40)}\" controls the transaction the migration runs in; " +
                "remove it, or make the file non-transactional with ${Migration.NO_TRANSACTION_MARKER} as its first line",
        )
    }

    private val TRANSACTION_CONTROL = setOf("BEGIN", "COMMIT", "ROLLBACK", "END", "ABORT", "START")
    private val WHITESPACE = Regex("\\s+")

    /** Whether [statement] begins, commits or aborts a transaction (`ROLLBACK TO SAVEPOINT` stays allowed). */
    private fun isTransactionControl(statement: SqlStatement): Boolean {
        val words = statement.sql.split(WHITESPACE, limit = 3).map { it.uppercase() }
        return words[0] in TRANSACTION_CONTROL && !(words[0] == "ROLLBACK" && words.getOrNull(1) == "TO")
    }

    private fun sql(version: MigrationVersion?, rawDescription: String, type: MigrationType, name: String, location: String, text: String): Migration {
        val script = SqlScript.parse(text)
        if (script.transactional) refuseTransactionControl(script, location)
        return Migration(
            version, rawDescription.replace('_', ' '), type, name, location,
            MigrationChecksum.of(script.text), script.transactional, MigrationBody.Sql(script),
        )
    }
}
