package io.databridge.dsl.schema

/**
 * One statement of a SQL script: its [text] as written from its first token on, [code] with comments and the contents of literals
 * blanked out (for pattern matching that quoted text cannot fool), and the 1-based [line] where it starts.
 */
internal class SqlStatement(val text: String, val code: String, val line: Int)

/**
 * Splits a SQL script at top-level semicolons. Respects '…' (with '' escapes), E'…' (with backslash escapes),
 * "identifiers", $tag$ dollar quotes $tag$, -- line comments and nested block comments; no SQL parsing beyond that.
 */
internal object SqlStatementSplitter {
    fun split(script: String): List<SqlStatement> {
        val out = ArrayList<SqlStatement>()
        val text = StringBuilder()
        val code = StringBuilder()
        var line = 1
        var startLine = -1
        var textStart = 0
        var i = 0
        fun take(c: Char, blank: Boolean) {
            text.append(c)
            code.append(if (blank && c != '\n') ' ' else c)
            if (c == '\n') line++
        }
        fun finish() {
            if (code.isNotBlank()) out += SqlStatement(text.substring(textStart).trim(), code.toString().trim(), startLine)
            text.setLength(0); code.setLength(0); startLine = -1
        }
        while (i < script.length) {
            val c = script[i]
            if (startLine < 0 && !c.isWhitespace() && !script.startsWith("--", i) && !script.startsWith("/*", i)) {
                startLine = line
                textStart = text.length
            }
            when {
                c == ';' -> { finish(); i++ }
                script.startsWith("--", i) -> {
                    while (i < script.length && script[i] != '\n') take(script[i++], true)
                }
                script.startsWith("/*", i) -> {
                    var depth = 0
                    do {
                        when {
                            script.startsWith("/*", i) -> { depth++; take(script[i++], true); take(script[i++], true) }
                            script.startsWith("*/", i) -> { depth--; take(script[i++], true); take(script[i++], true) }
                            else -> take(script[i++], true)
                        }
                    } while (depth > 0 && i < script.length)
                }
                c == '\'' -> {
                    val escapes = i > 0 && (script[i - 1] == 'E' || script[i - 1] == 'e') && (i < 2 || !script[i - 2].isLetterOrDigit())
                    take(script[i++], false)
                    while (i < script.length) {
                        val d = script[i]
                        if (escapes && d == '\\' && i + 1 < script.length) { take(script[i++], true); take(script[i++], true); continue }
                        if (d == '\'' && script.getOrNull(i + 1) == '\'') { take(script[i++], true); take(script[i++], true); continue }
                        if (d == '\'') { take(script[i++], false); break }
                        take(script[i++], true)
                    }
                }
                c == '"' -> {
                    take(script[i++], false)
                    while (i < script.length) {
                        val d = script[i]
                        take(script[i++], false)
                        if (d == '"') {
                            if (script.getOrNull(i) == '"') take(script[i++], false) else break
                        }
                    }
                }
                c == '$' && dollarTag(script, i) != null -> {
                    val tag = dollarTag(script, i)!!
                    tag.forEach { take(it, false) }
                    i += tag.length
                    val end = script.indexOf(tag, i).let { if (it < 0) script.length else it }
                    while (i < end) take(script[i++], true)
                    if (end < script.length) { tag.forEach { take(it, false) }; i += tag.length }
                }
                else -> take(script[i++], false)
            }
        }
        finish()
        return out
    }

    /** The dollar-quote opening tag (`$$` or `$name$`) at [at], or null (a `$1` parameter is no tag). */
    private fun dollarTag(script: String, at: Int): String? {
        if (at > 0 && (script[at - 1].isLetterOrDigit() || script[at - 1] == '_')) return null
        var j = at + 1
        while (j < script.length && (script[j].isLetter() || script[j] == '_' || (j > at + 1 && script[j].isDigit()))) j++
        return if (j < script.length && script[j] == '$') script.substring(at, j + 1) else null
    }
}
