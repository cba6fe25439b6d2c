package io.databridge.dsl.schema

import io.databridge.dsl.Table

/** A set of enum types and tables: what table objects declare, or what the catalog holds for them. */
public data class SchemaModel(val enums: List<EnumDef>, val tables: List<TableDef>) {
    /** The table [name] in [schema] (null: the current schema), or null. */
    public fun table(schema: String?, name: String): TableDef? = tables.firstOrNull { it.schema == schema && it.name == name }

    /** Building models from table objects. */
    public companion object {
        /** The model [tables] declare, with every enum type their columns use. */
        @JvmStatic
        public fun of(vararg tables: Table): SchemaModel = TableModelBuilder.build(tables.toList())
    }
}
