package io.databridge.dsl.schema

import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.CompositeType
import io.databridge.dsl.types.CustomType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.PgType

private val MODIFIERS = Regex("""\(.*\)$""")
private val PLAIN_NAME = Regex("^[a-z_][a-z0-9_$]*$")

private val CANONICAL = mapOf(
    "bool" to "boolean", "int2" to "smallint", "int4" to "integer", "int8" to "bigint", "float4" to "real",
    "float8" to "double precision", "varchar" to "character varying", "bpchar" to "character", "varbit" to "bit varying",
    "time" to "time without time zone", "timetz" to "time with time zone", "timestamp" to "timestamp without time zone",
    "timestamptz" to "timestamp with time zone",
)

/** [type] as PostgreSQL's `format_type` writes a column of it: `integer`, `character varying(20)`, `mood[]`. */
internal fun canonicalTypeName(type: PgType<*>): String = when (type) {
    is ArrayType<*> -> canonicalTypeName(type.element) + "[]"
    is EnumType<*> -> identifierAsWritten(type.typeName)
    is CustomType<*> -> identifierAsWritten(type.typeName)
    is CompositeType<*> -> identifierAsWritten(type.typeName)
    else -> {
        val modifiers = MODIFIERS.find(type.sqlName)?.value ?: ""
        val base = type.sqlName.removeSuffix(modifiers)
        (CANONICAL[base] ?: base) + modifiers
    }
}

/** [name] as PostgreSQL prints an identifier: bare when it is lower-case and plain, else quoted. */
internal fun identifierAsWritten(name: String): String = if (PLAIN_NAME.matches(name)) name else quoteIdentifier(name)
