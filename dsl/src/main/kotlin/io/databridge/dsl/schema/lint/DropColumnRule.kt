package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange

/** Dropping a column loses its values. */
public object DropColumnRule : LintRule {
    override val id: String = "drop-column"

    override fun check(change: SchemaChange, context: LintContext): Finding? = (change as? SchemaChange.DropColumn)?.let {
        Finding(id, Safety.DESTRUCTIVE, "dropping column ${it.table}.${it.column} loses its values", "stop reading it first, drop it in a later release")
    }
}
