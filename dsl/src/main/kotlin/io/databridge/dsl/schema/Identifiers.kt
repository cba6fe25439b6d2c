package io.databridge.dsl.schema

import io.databridge.pg.identifiers.Identifiers

/** [name] as a quoted identifier, `"` doubled; throws [io.databridge.pg.errors.InvalidIdentifierException] when it cannot be one. */
internal fun quoteIdentifier(name: String): String = Identifiers.quote(name)

/** `"schema"."name"`, or `"name"` when [schema] is null (the current schema). */
internal fun qualifiedName(schema: String?, name: String): String =
    if (schema == null) quoteIdentifier(name) else quoteIdentifier(schema) + "." + quoteIdentifier(name)
