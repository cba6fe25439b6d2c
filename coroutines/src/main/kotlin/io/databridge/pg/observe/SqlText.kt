package io.databridge.pg.observe

/** Reads SQL text just far enough to name its operation and to strip its literals before it is logged or traced. */
internal object SqlText {
    /**
     * [sql] with every string, dollar-quoted, bit-string and numeric literal replaced by `?` and comments removed
     * (a comment can hold anything). Quoted identifiers and `$n` parameter markers are kept.
     */
    fun sanitize(sql: String): String {
        val out = StringBuilder(sql.length)
        var i = 0
        while (i < sql.length) {
            val c = sql[i]
            val afterWord = i > 0 && isWordChar(sql[i - 1])
            when {
                c == '\'' -> {
                    // E'…' (backslash escapes), B'…' and X'…': the prefix letter belongs to the literal.
                    val prefix = if (i > 0 && !(i > 1 && isWordChar(sql[i - 2]))) sql[i - 1].lowercaseChar() else ' '
                    if (prefix == 'e' || prefix == 'b' || prefix == 'x') out.setLength(out.length - 1)
                    i = skipQuoted(sql, i, escapes = prefix == 'e')
                    out.append('?')
                }
                c == '"' -> {
                    val end = skipQuoted(sql, i, escapes = false)
                    out.append(sql, i, end)
                    i = end
                }
                c == '-' && sql.startsWith("--", i) -> {
                    i = sql.indexOf('\n', i).let { if (it < 0) sql.length else it }
                }
                c == '/' && sql.startsWith("/*", i) -> {
                    i = skipBlockComment(sql, i)
                    out.append(' ')
                }
                c == '$' && !afterWord -> {
                    val tagEnd = dollarTagEnd(sql, i)
                    if (tagEnd < 0) {
                        out.append(c)
                        i++
                    } else {
                        val tag = sql.substring(i, tagEnd)
                        val close = sql.indexOf(tag, tagEnd)
                        i = if (close < 0) sql.length else close + tag.length
                        out.append('?')
                    }
                }
                c.isDigit() && !afterWord && !(i > 0 && sql[i - 1] == '$') -> {
                    i++
                    while (i < sql.length && (isWordChar(sql[i]) || sql[i] == '.')) i++
                    out.append('?')
                }
                c == '.' && i + 1 < sql.length && sql[i + 1].isDigit() && !afterWord -> {
                    i++
                    while (i < sql.length && isWordChar(sql[i])) i++
                    out.append('?')
                }
                else -> {
                    out.append(c)
                    i++
                }
            }
        }
        return out.toString().trim()
    }

    /** The first keyword of [sql] in upper case (`SELECT`, `WITH`, `COPY`, …), skipping comments and parentheses. */
    fun firstKeyword(sql: String): String {
        var i = 0
        while (i < sql.length) {
            val c = sql[i]
            when {
                c.isWhitespace() || c == '(' -> i++
                sql.startsWith("--", i) -> i = sql.indexOf('\n', i).let { if (it < 0) sql.length else it }
                sql.startsWith("/*", i) -> i = skipBlockComment(sql, i)
                else -> break
            }
        }
        var end = i
        while (end < sql.length && sql[end].isLetter()) end++
        return sql.substring(i, end).uppercase().ifEmpty { "UNKNOWN" }
    }

    private fun isWordChar(c: Char): Boolean = c.isLetterOrDigit() || c == '_'

    /** The index after the quote closing the one at [start]; a doubled quote is part of the text. */
    private fun skipQuoted(sql: String, start: Int, escapes: Boolean): Int {
        val quote = sql[start]
        var i = start + 1
        while (i < sql.length) {
            val c = sql[i]
            when {
                escapes && c == '\\' -> i += 2
                c == quote && i + 1 < sql.length && sql[i + 1] == quote -> i += 2
                c == quote -> return i + 1
                else -> i++
            }
        }
        return sql.length
    }

    /** The index after a block comment starting at [start]; PostgreSQL block comments nest. */
    private fun skipBlockComment(sql: String, start: Int): Int {
        var depth = 0
        var i = start
        while (i < sql.length) {
            when {
                sql.startsWith("/*", i) -> {
                    depth++
                    i += 2
                }
                sql.startsWith("*/", i) -> {
                    depth--
                    i += 2
                    if (depth == 0) return i
                }
                else -> i++
            }
        }
        return sql.length
    }

    /** The index after the opening tag of a dollar quote at [start] (`$$` or `$tag$`), or -1 when there is none. */
    private fun dollarTagEnd(sql: String, start: Int): Int {
        var i = start + 1
        if (i < sql.length && sql[i].isDigit()) return -1
        while (i < sql.length && isWordChar(sql[i])) i++
        return if (i < sql.length && sql[i] == '$') i + 1 else -1
    }
}
