package io.databridge.dsl.schema

/**
 * One column: [type] as PostgreSQL's `format_type` writes it (`integer`, `character varying(20)`, `mood[]`),
 * [default] and [generated] as SQL expression text, [identity] when it is an identity column.
 */
public data class ColumnDef(
    val name: String,
    val type: String,
    val notNull: Boolean,
    val default: String? = null,
    val identity: IdentityGeneration? = null,
    val generated: String? = null,
    val comment: String? = null,
)
