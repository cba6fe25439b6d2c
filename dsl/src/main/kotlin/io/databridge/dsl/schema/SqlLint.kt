package io.databridge.dsl.schema

import io.databridge.dsl.script.StatementSplitter

/** A lint finding in a SQL file: [file], the 1-based [line] where the statement starts, and the [finding]. */
public data class SqlFinding(val file: String, val line: Int, val finding: Finding) {
    override fun toString(): String = "$file:$line: ${finding.safety} ${finding.rule}: ${finding.message} (${finding.hint})"
}

/**
 * Lints a hand-written migration [text] (named [fileName] in the findings) with the rules `diff` applies to its
 * own changes: index builds without CONCURRENTLY, foreign keys and checks without NOT VALID, SET NOT NULL,
 * column type changes, drops of tables and columns, columns added with a volatile default. Tables created
 * earlier in the same file are new, so building on them is not reported.
 */
public fun lintSql(text: String, fileName: String): List<SqlFinding> {
    val created = HashSet<String>()
    val out = ArrayList<SqlFinding>()
    for (statement in StatementSplitter(text).split()) {
        val code = statement.code.replace(Regex("\\s+"), " ")
        SqlTextRules.createdTable(code)?.let { created += it }
        SqlTextRules.findings(code, created).forEach { out += SqlFinding(fileName, statement.line, it) }
    }
    return out
}

/** The statement patterns behind [lintSql]; each maps to a rule id of `io.databridge.dsl.schema.lint`. */
internal object SqlTextRules {
    private const val NAME = """((?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))?)"""
    private val CREATE_TABLE = Regex("""^CREATE\s+(?:UNLOGGED\s+|TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?$NAME""", RegexOption.IGNORE_CASE)
    private val CREATE_INDEX = Regex("""^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?.*?\bON\s+(?:ONLY\s+)?$NAME""", RegexOption.IGNORE_CASE)
    private val ALTER_TABLE = Regex("""^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?$NAME""", RegexOption.IGNORE_CASE)
    private val ADD_FOREIGN_KEY = Regex("""\bADD\s+(?:CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\b|\bADD\s+(?:COLUMN\s+)?\S+\s+[^,]*\bREFERENCES\b""", RegexOption.IGNORE_CASE)
    private val ADD_CHECK = Regex("""\bADD\s+(?:CONSTRAINT\s+\S+\s+)?CHECK\b""", RegexOption.IGNORE_CASE)
    private val ADD_UNIQUE = Regex("""\bADD\s+(?:CONSTRAINT\s+\S+\s+)?(?:UNIQUE|PRIMARY\s+KEY)\b(?!.*\bUSING\s+INDEX\b)""", RegexOption.IGNORE_CASE)
    private val NOT_VALID = Regex("""\bNOT\s+VALID\b""", RegexOption.IGNORE_CASE)
    private val SET_NOT_NULL = Regex("""\bALTER\s+(?:COLUMN\s+)?\S+\s+SET\s+NOT\s+NULL\b""", RegexOption.IGNORE_CASE)
    private val TYPE_CHANGE = Regex("""\bALTER\s+(?:COLUMN\s+)?\S+\s+(?:SET\s+DATA\s+)?TYPE\b""", RegexOption.IGNORE_CASE)
    private val DROP_TABLE = Regex("""^DROP\s+TABLE\b""", RegexOption.IGNORE_CASE)
    private val DROP_COLUMN = Regex("""\bDROP\s+(?:COLUMN\s+)?(?!CONSTRAINT\b|DEFAULT\b|NOT\b|IDENTITY\b|EXPRESSION\b)(?:IF\s+EXISTS\s+)?\S+""", RegexOption.IGNORE_CASE)
    private val ADD_COLUMN = Regex("""\bADD\s+(?:COLUMN\s+)?(?!CONSTRAINT\b|CHECK\b|UNIQUE\b|PRIMARY\b|FOREIGN\b|EXCLUDE\b)[^,]*""", RegexOption.IGNORE_CASE)
    private val DEFAULT_CLAUSE = Regex("""\bDEFAULT\b(.*)""", RegexOption.IGNORE_CASE)

    /** The table [code] creates, normalized, or null. */
    fun createdTable(code: String): String? = CREATE_TABLE.find(code)?.let { normalize(it.groupValues[1]) }

    fun findings(code: String, created: Set<String>): List<Finding> {
        val out = ArrayList<Finding>()
        CREATE_INDEX.find(code)?.let { m ->
            if (m.groupValues[1].isEmpty() && normalize(m.groupValues[2]) !in created) {
                out += Finding("index-without-concurrently", Safety.LOCKING, "the index build blocks writes to ${m.groupValues[2]}",
                    "CREATE INDEX CONCURRENTLY in a non-transactional migration")
            }
        }
        if (DROP_TABLE.containsMatchIn(code)) out += Finding("drop-table", Safety.DESTRUCTIVE, "dropping a table loses its rows", "back it up or rename it first")
        val alter = ALTER_TABLE.find(code) ?: return out
        val existing = normalize(alter.groupValues[1]) !in created
        val actions = code.substring(alter.range.last + 1)
        val notValid = NOT_VALID.containsMatchIn(actions)
        if (existing && ADD_FOREIGN_KEY.containsMatchIn(actions) && !notValid) {
            out += Finding("foreign-key-without-not-valid", Safety.LOCKING, "the foreign key checks every row while blocking writes",
                "add it NOT VALID, then VALIDATE CONSTRAINT in a separate step")
        }
        if (existing && ADD_CHECK.containsMatchIn(actions) && !notValid) {
            out += Finding("check-without-not-valid", Safety.LOCKING, "the check reads every row while blocking writes",
                "add it NOT VALID, then VALIDATE CONSTRAINT in a separate step")
        }
        if (existing && ADD_UNIQUE.containsMatchIn(actions)) {
            out += Finding("add-unique-constraint", Safety.LOCKING, "the constraint builds its index while blocking the table",
                "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX")
        }
        if (existing && SET_NOT_NULL.containsMatchIn(actions)) {
            out += Finding("set-not-null", Safety.LOCKING, "SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock unless a validated CHECK (… IS NOT NULL) exists",
                "ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL")
        }
        if (existing && TYPE_CHANGE.containsMatchIn(actions)) {
            out += Finding("type-change-rewrite", Safety.LOCKING, "changing a column type usually rewrites the table under an ACCESS EXCLUSIVE lock",
                "add a new column, backfill it in batches, then switch")
        }
        if (DROP_COLUMN.containsMatchIn(actions)) {
            out += Finding("drop-column", Safety.DESTRUCTIVE, "dropping a column loses its values", "stop reading it first, drop it in a later release")
        }
        if (existing) {
            ADD_COLUMN.findAll(actions).mapNotNull { DEFAULT_CLAUSE.find(it.value)?.groupValues?.get(1) }
                .firstOrNull { io.databridge.dsl.schema.lint.AddColumnRewriteRule.VOLATILE_CALL.containsMatchIn(it) }
                ?.let {
                    out += Finding("add-column-volatile-default", Safety.LOCKING, "a volatile default fills every row, rewriting the table",
                        "add the column without the default, set it, then backfill in batches")
                }
        }
        return out
    }

    /** A table name as written, unquoted and lower-cased where unquoted, without its schema. */
    private fun normalize(name: String): String {
        val last = name.split(Regex("""\s*\.\s*(?=(?:[^"]*"[^"]*")*[^"]*$)""")).last()
        return if (last.startsWith("\"")) last.removeSurrounding("\"").replace("\"\"", "\"") else last.lowercase()
    }
}
