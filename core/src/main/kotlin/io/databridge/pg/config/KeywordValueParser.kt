package io.databridge.pg.config

/**
 * Splits a libpq `key=value` connection string into settings, following libpq's `conninfo_parse`: whitespace may
 * surround `=`, a value may be single-quoted, and a backslash escapes the next character (`\'`, `\\`).
 */
internal object KeywordValueParser {
    fun parse(text: String): List<Pair<String, String>> {
        val out = ArrayList<Pair<String, String>>()
        var i = 0
        while (true) {
            while (i < text.length && text[i].isWhitespace()) i++
            if (i >= text.length) return out
            val keyStart = i
            while (i < text.length && text[i] != '=' && !text[i].isWhitespace()) i++
            val key = text.substring(keyStart, i)
            while (i < text.length && text[i].isWhitespace()) i++
            if (i >= text.length || text[i] != '=') {
                throw InvalidConfigException(key, "missing \"=\" after \"$key\" in connection info string")
            }
            i++
            while (i < text.length && text[i].isWhitespace()) i++
            val value = StringBuilder()
            if (i < text.length && text[i] == '\'') {
                i++
                var closed = false
                while (i < text.length) {
                    val c = text[i++]
                    if (c == '\\' && i < text.length) {
                        value.append(text[i++])
                    } else if (c == '\'') {
                        closed = true
                        break
                    } else {
                        value.append(c)
                    }
                }
                if (!closed) throw InvalidConfigException(key, "unterminated quoted string in connection info string")
            } else {
                while (i < text.length && !text[i].isWhitespace()) {
                    val c = text[i++]
                    if (c == '\\' && i < text.length) value.append(text[i++]) else value.append(c)
                }
            }
            out += key to value.toString()
        }
    }
}
