package io.databridge.dsl.schema

/** A PostgreSQL enum type [name] in [schema] (null: the current schema) with its [labels] in sort order. */
public data class EnumDef(val schema: String?, val name: String, val labels: List<String>)
