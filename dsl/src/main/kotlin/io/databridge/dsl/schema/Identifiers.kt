package io.databridge.dsl.schema

private const val MAX_IDENTIFIER_BYTES = 63

/**
 * [name] as a quoted identifier, `"` doubled. Names from table objects were validated when declared; names read
 * from the catalog can be anything PostgreSQL accepts, so only what cannot be an identifier is refused.
 */
internal fun quoteIdentifier(name: String): String {
    if (name.isEmpty() || name.indexOf('\u0000') >= 0 || name.toByteArray(Charsets.UTF_8).size > MAX_IDENTIFIER_BYTES) {
        throw SchemaException("${name.take(80)} cannot be a PostgreSQL identifier")
    }
    return "\"" + name.replace("\"", "\"\"") + "\""
}

/** `"schema"."name"`, or `"name"` when [schema] is null (the current schema). */
internal fun qualifiedName(schema: String?, name: String): String =
    if (schema == null) quoteIdentifier(name) else quoteIdentifier(schema) + "." + quoteIdentifier(name)
