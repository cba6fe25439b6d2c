package io.databridge.pg.identifiers

import io.databridge.pg.errors.InvalidIdentifierException

/**
 * The identifier rules every module shares (the DSL's tables, columns and aliases, LISTEN/NOTIFY channels, the
 * Ktor plugin's settings). data-bridge always writes identifiers double-quoted, so any name PostgreSQL accepts as a
 * quoted identifier is accepted as it is, case and spaces kept (`Order Items`, `O'Reilly`, `größe`, `Weird"Name`),
 * and quoting doubles each `"`. Refused are only names that cannot be an identifier: the empty name, a NUL
 * character, an unpaired UTF-16 surrogate (no UTF-8 form), and more than [MAX_BYTES] bytes in UTF-8, which the
 * server would silently truncate so that two long names could collide.
 */
public object Identifiers {
    /** PostgreSQL's identifier length limit in bytes (`NAMEDATALEN - 1`). */
    public const val MAX_BYTES: Int = 63

    /** The system columns every table has; a user column of one of these names would read the system column. */
    public val SYSTEM_COLUMNS: Set<String> = setOf("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid")

    /** [name] when it can be an identifier; otherwise [InvalidIdentifierException] naming [what] and the reason. */
    @JvmStatic
    public fun validate(name: String, what: String): String {
        val problem = problem(name)
        if (problem != null) throw InvalidIdentifierException("$what name ${printable(name)} $problem")
        return name
    }

    /** [name] validated as a column name: an identifier that is not one of [SYSTEM_COLUMNS]. */
    @JvmStatic
    public fun validateColumn(name: String, what: String): String {
        validate(name, what)
        if (name in SYSTEM_COLUMNS) {
            throw InvalidIdentifierException("$what name ${printable(name)} is a PostgreSQL system column; it would read the system column")
        }
        return name
    }

    /** [name] validated and written as a quoted identifier, each `"` doubled. */
    @JvmStatic
    public fun quote(name: String): String = quoteValid(validate(name, "identifier"))

    /** [name], already validated, as a quoted identifier. */
    @JvmStatic
    public fun quoteValid(name: String): String = StringBuilder(name.length + 2).also { appendQuoted(it, name) }.toString()

    /**
     * Appends [name], already validated, to [out] as a quoted identifier. The renderer's path: names of table
     * objects were validated when declared, so only the quotes are written (and any `"` doubled).
     */
    @JvmStatic
    public fun appendQuoted(out: StringBuilder, name: String) {
        out.append('"')
        if (name.indexOf('"') < 0) {
            out.append(name)
        } else {
            for (c in name) if (c == '"') out.append("\"\"") else out.append(c)
        }
        out.append('"')
    }

    /** Why [name] cannot be an identifier (a phrase such as "is empty"), or null when it can. */
    @JvmStatic
    public fun problem(name: String): String? {
        if (name.isEmpty()) return "is empty"
        var bytes = 0
        var i = 0
        while (i < name.length) {
            val c = name[i]
            when {
                c == '\u0000' -> return "holds a NUL character"
                c.code < 0x80 -> bytes += 1
                c.code < 0x800 -> bytes += 2
                Character.isHighSurrogate(c) && i + 1 < name.length && Character.isLowSurrogate(name[i + 1]) -> { bytes += 4; i++ }
                Character.isSurrogate(c) -> return "holds an unpaired surrogate, which has no UTF-8 form"
                else -> bytes += 3
            }
            i++
        }
        return if (bytes > MAX_BYTES) "is $bytes bytes long in UTF-8; PostgreSQL allows $MAX_BYTES and would truncate it" else null
    }

    /** [name] shown safely in a message, double-quoted: control characters escaped, very long input cut. */
    @JvmStatic
    public fun printable(name: String): String {
        val cut = if (name.length > 80) name.take(80) + "…" else name
        return buildString {
            append('"')
            for (c in cut) if (c < ' ' || c == '\u007f') append("\\u%04x".format(c.code)) else append(c)
            append('"')
        }
    }
}
