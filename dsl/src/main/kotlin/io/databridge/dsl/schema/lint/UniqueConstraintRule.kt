package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.PrimaryKeyDef
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange
import io.databridge.dsl.schema.UniqueDef

/** A primary key or unique constraint added to an existing table builds its index under an ACCESS EXCLUSIVE lock. */
public object UniqueConstraintRule : LintRule {
    override val id: String = "add-unique-constraint"

    override fun check(change: SchemaChange, context: LintContext): Finding? {
        val c = change as? SchemaChange.AddConstraint ?: return null
        if (c.newTable || (c.constraint !is UniqueDef && c.constraint !is PrimaryKeyDef)) return null
        return Finding(id, Safety.LOCKING, "constraint ${c.constraint.name} on ${c.table} builds its index while blocking the table",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX")
    }
}
