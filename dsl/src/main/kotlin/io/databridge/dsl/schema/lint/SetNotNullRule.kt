package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange

/**
 * `SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE lock unless a validated `CHECK (col IS NOT NULL)`
 * proves it: one already in the catalog, or one the plan adds and validates first.
 */
public object SetNotNullRule : LintRule {
    override val id: String = "set-not-null"

    override fun check(change: SchemaChange, context: LintContext): Finding? {
        val c = change as? SchemaChange.SetNotNull ?: return null
        if (c.provenBy != null) return null
        val table = context.actual.table(c.table.schema, c.table.name)
        val proof = Regex("""^\(*"?${Regex.escape(c.column)}"?\s+IS\s+NOT\s+NULL\)*$""", RegexOption.IGNORE_CASE)
        if (table?.checks?.any { it.validated && proof.matches(it.expression.trim()) } == true) return null
        return Finding(id, Safety.LOCKING, "SET NOT NULL on ${c.table}.${c.column} scans the table under an ACCESS EXCLUSIVE lock",
            "first ADD CONSTRAINT … CHECK (${c.column} IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT, then SET NOT NULL")
    }
}
