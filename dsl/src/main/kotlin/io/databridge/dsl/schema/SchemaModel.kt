package io.databridge.dsl.schema

import io.databridge.dsl.Table

/**
 * A set of enum types, tables and composite types: what table objects declare, or what the catalog holds for them.
 * [composites] are in dependency order (a type after the composite types its attributes use).
 */
public data class SchemaModel @JvmOverloads constructor(
    val enums: List<EnumDef>,
    val tables: List<TableDef>,
    val composites: List<CompositeDef> = emptyList(),
) {
    /** The table [name] in [schema] (null: the current schema), or null. */
    public fun table(schema: String?, name: String): TableDef? = tables.firstOrNull { it.schema == schema && it.name == name }

    /** Building models from table objects. */
    public companion object {
        /** The model [tables] declare, with every enum and composite type their columns use. */
        @JvmStatic
        public fun of(vararg tables: Table): SchemaModel = TableModelBuilder.build(tables.toList())
    }
}
