package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange
import io.databridge.dsl.schema.TypeChangeKind

/** A type change that can cut values (shorter length, smaller number type, fewer digits) loses data. */
public object NarrowingTypeChangeRule : LintRule {
    override val id: String = "narrowing-type-change"

    override fun check(change: SchemaChange, context: LintContext): Finding? {
        val c = change as? SchemaChange.AlterColumnType ?: return null
        if (TypeChangeKind.of(c.from, c.to) != TypeChangeKind.NARROWING) return null
        return Finding(id, Safety.DESTRUCTIVE, "${c.table}.${c.column} narrows from ${c.from} to ${c.to}; values that do not fit are lost or refused",
            "check the data first, or add a new column and backfill it")
    }
}

/** A type change PostgreSQL cannot make in the catalog alone rewrites the table under an ACCESS EXCLUSIVE lock. */
public object RewritingTypeChangeRule : LintRule {
    override val id: String = "type-change-rewrite"

    override fun check(change: SchemaChange, context: LintContext): Finding? {
        val c = change as? SchemaChange.AlterColumnType ?: return null
        if (TypeChangeKind.of(c.from, c.to) != TypeChangeKind.REWRITE) return null
        return Finding(id, Safety.LOCKING, "${c.table}.${c.column} from ${c.from} to ${c.to} rewrites the table under an ACCESS EXCLUSIVE lock",
            "add a new column, backfill it in batches, then switch")
    }
}
