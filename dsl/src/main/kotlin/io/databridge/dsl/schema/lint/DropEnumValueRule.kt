package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange

/** An enum value the objects no longer declare: rows holding it would be lost, and PostgreSQL cannot drop it in place. */
public object DropEnumValueRule : LintRule {
    override val id: String = "drop-enum-value"

    override fun check(change: SchemaChange, context: LintContext): Finding? = (change as? SchemaChange.DropEnumValue)?.let {
        Finding(id, Safety.DESTRUCTIVE, "enum type ${it.enum.name} would lose value '${it.label}'",
            "migrate rows off the value, then recreate the type by hand; no statement is generated")
    }
}
