package io.databridge.dsl

private val IDENTIFIER = Regex("^[A-Za-z_][A-Za-z0-9_$]*$")
private const val MAX_IDENTIFIER_BYTES = 63

/**
 * Checks that [name] is a safe identifier and returns it. Names are always quoted when rendered, and this check
 * keeps hostile text (quotes, `;`, comments) from ever reaching the SQL; [what] names the thing for the message.
 */
internal fun requireIdentifier(name: String, what: String): String {
    if (!IDENTIFIER.matches(name)) {
        throw InvalidIdentifierException("$what name ${printable(name)} must match ${IDENTIFIER.pattern}")
    }
    val bytes = name.toByteArray(Charsets.UTF_8).size
    if (bytes > MAX_IDENTIFIER_BYTES) {
        throw InvalidIdentifierException("$what name ${printable(name)} is $bytes bytes long; PostgreSQL allows $MAX_IDENTIFIER_BYTES")
    }
    return name
}

/** Shows a rejected name safely in a message: escapes control characters and cuts very long input. */
private fun printable(name: String): String {
    val cut = if (name.length > 80) name.take(80) + "…" else name
    return buildString {
        append('"')
        for (c in cut) if (c < ' ') append("\\u%04x".format(c.code)) else append(c)
        append('"')
    }
}
