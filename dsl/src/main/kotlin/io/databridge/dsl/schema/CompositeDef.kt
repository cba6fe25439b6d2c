package io.databridge.dsl.schema

/**
 * A PostgreSQL composite type [name] in [schema] (null: the current schema) with its [attributes] in order, as
 * `CREATE TYPE name AS (…)` declares it.
 */
public data class CompositeDef(val schema: String?, val name: String, val attributes: List<AttributeDef>)

/** One attribute of a [CompositeDef]: its [name] and its [type] as `format_type` writes it (`integer`, `text[]`). */
public data class AttributeDef(val name: String, val type: String)
