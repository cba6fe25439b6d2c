package io.databridge.dsl.script

/**
 * Splits SQL text into statements at top-level semicolons. Semicolons inside `'…'` and `E'…'` strings, `"…"`
 * identifiers, `$tag$…$tag$` bodies, `--` and nested `/* */` comments, and SQL-standard function bodies
 * (`BEGIN ATOMIC … END`) do not split. Statements hold no leading comments; comment-only pieces are dropped. Each
 * statement also carries its [SqlStatement.code]: the same text with comments and the contents of string literals and
 * dollar-quoted bodies blanked, for pattern matching (the migration lint) that quoted text cannot fool.
 */
internal class StatementSplitter(private val text: String) {
    private val statements = ArrayList<SqlStatement>()
    private val code = text.toCharArray()
    private var i = 0
    private var line = 1
    private var start = -1
    private var startLine = 0
    private var previousWord: String? = null
    private var atomicDepth = 0
    private var caseDepth = 0

    fun split(): List<SqlStatement> {
        while (i < text.length) {
            val c = text[i]
            when {
                c == '-' && peek(1) == '-' -> skipLineComment()
                c == '/' && peek(1) == '*' -> skipBlockComment()
                c.isWhitespace() -> advance()
                c == ';' && atomicDepth == 0 -> {
                    finish(i)
                    advance()
                }
                else -> significant(c)
            }
        }
        finish(text.length)
        return statements
    }

    private fun significant(c: Char) {
        if (start < 0) {
            start = i
            startLine = line
        }
        when {
            c == '\'' -> quoted('\'', backslashEscapes = isEscapeStringPrefix())
            c == '"' -> quoted('"', backslashEscapes = false)
            c == '$' && dollarTag() != null -> dollarQuoted(dollarTag()!!)
            c.isLetter() || c == '_' -> word()
            else -> advance()
        }
    }

    private fun word() {
        val from = i
        while (i < text.length && (text[i].isLetterOrDigit() || text[i] == '_' || text[i] == '$')) advance()
        val word = text.substring(from, i).uppercase()
        when {
            word == "ATOMIC" && previousWord == "BEGIN" -> atomicDepth++
            atomicDepth > 0 && word == "CASE" -> caseDepth++
            atomicDepth > 0 && word == "END" -> if (caseDepth > 0) caseDepth-- else atomicDepth--
        }
        previousWord = word
    }

    /** Whether the quote at [i] opens an `E'…'` string (an `E` that is a word of its own just before it). */
    private fun isEscapeStringPrefix(): Boolean {
        if (i == 0 || text[i - 1] !in "eE") return false
        return i == 1 || !(text[i - 2].isLetterOrDigit() || text[i - 2] == '_')
    }

    private fun quoted(quote: Char, backslashEscapes: Boolean) {
        // A string's contents are blanked in the code; an identifier's stay, since rules match on names.
        val blank = quote == '\''
        advance()
        while (i < text.length) {
            val c = text[i]
            if (c == quote && peek(1) != quote) {
                advance()
                return
            }
            if (blank) blankAt(i)
            advance()
            if (backslashEscapes && c == '\\' && i < text.length) {
                if (blank) blankAt(i)
                advance()
            } else if (c == quote) {
                // A doubled quote is an escaped one: stay inside.
                if (blank) blankAt(i)
                advance()
            }
        }
    }

    /** The `$tag$` opening at [i], or null when the `$` is not one (a `$1` parameter, an identifier's `$`). */
    private fun dollarTag(): String? {
        if (i > 0 && (text[i - 1].isLetterOrDigit() || text[i - 1] == '_')) return null
        var j = i + 1
        while (j < text.length && (text[j].isLetter() || text[j] == '_' || (j > i + 1 && text[j].isDigit()))) j++
        return if (j < text.length && text[j] == '$') text.substring(i, j + 1) else null
    }

    private fun dollarQuoted(tag: String) {
        repeat(tag.length) { advance() }
        val end = text.indexOf(tag, i)
        val bodyEnd = if (end < 0) text.length else end
        while (i < bodyEnd) {
            blankAt(i)
            advance()
        }
        if (end >= 0) repeat(tag.length) { advance() }
    }

    private fun skipLineComment() {
        while (i < text.length && text[i] != '\n') {
            blankAt(i)
            advance()
        }
    }

    private fun skipBlockComment() {
        var depth = 0
        while (i < text.length) {
            when {
                text[i] == '/' && peek(1) == '*' -> {
                    depth++
                    blankAt(i + 1)
                    blankAt(i)
                    advance()
                    advance()
                }
                text[i] == '*' && peek(1) == '/' -> {
                    depth--
                    blankAt(i + 1)
                    blankAt(i)
                    advance()
                    advance()
                    if (depth == 0) return
                }
                else -> {
                    blankAt(i)
                    advance()
                }
            }
        }
    }

    private fun finish(end: Int) {
        if (start >= 0) {
            val sql = text.substring(start, end).trimEnd()
            statements += SqlStatement(sql, startLine, String(code, start, sql.length))
        }
        start = -1
        previousWord = null
        atomicDepth = 0
        caseDepth = 0
    }

    private fun peek(offset: Int): Char? = text.getOrNull(i + offset)

    private fun blankAt(at: Int) {
        if (at < code.size && code[at] != '\n') code[at] = ' '
    }

    private fun advance() {
        if (text[i] == '\n') line++
        i++
    }
}
