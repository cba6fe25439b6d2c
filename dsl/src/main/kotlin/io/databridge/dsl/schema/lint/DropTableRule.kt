package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange

/** Dropping a table loses its rows. */
public object DropTableRule : LintRule {
    override val id: String = "drop-table"

    override fun check(change: SchemaChange, context: LintContext): Finding? = (change as? SchemaChange.DropTable)?.let {
        Finding(id, Safety.DESTRUCTIVE, "dropping table ${it.table} loses its rows", "back it up or rename it first")
    }
}
