package io.databridge.dsl

import io.databridge.pg.identifiers.Identifiers

// Function names are the one kind of name the DSL writes unquoted (so `Lower` calls `lower`, as in SQL), which
// leaves a plain identifier as the only safe form.
private val PLAIN_NAME = Regex("^[A-Za-z_][A-Za-z0-9_$]*$")

/**
 * [name] when it can be a PostgreSQL identifier (the shared rules of [Identifiers]); [what] names the thing for the
 * message. Names are always written quoted, so any such name is safe in SQL.
 */
internal fun requireIdentifier(name: String, what: String): String = Identifiers.validate(name, what)

/** [name] as a table column: an identifier that is not a system column (`xmin`, `ctid`…), which it would shadow. */
internal fun requireColumnName(name: String): String = Identifiers.validateColumn(name, "column")

/** [name] as a function name, written unquoted: a plain identifier (`^[A-Za-z_][A-Za-z0-9_$]*$`) of at most 63 bytes. */
internal fun requireFunctionName(name: String): String {
    Identifiers.validate(name, "function")
    if (!PLAIN_NAME.matches(name)) throw InvalidIdentifierException("function name \"$name\" must match ${PLAIN_NAME.pattern}")
    return name
}
