package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * Walks the text form of a container value (`{…}`, `(…)`, `[…)`, `"k"=>"v"`). Structural characters are ASCII, so
 * scanning UTF-8 bytes is safe. A scanned member is exposed as [tokenBuf]/[tokenOffset]/[tokenLength]: a slice of
 * the input when it had no quotes or escapes (no copy), else of a scratch array holding the unescaped bytes.
 */
internal class TextCursor(
    private val buf: ByteArray,
    offset: Int,
    length: Int,
    private val type: PgTypeIdentity,
) {
    var pos: Int = offset
    val end: Int = offset + length

    var tokenBuf: ByteArray = buf
        private set
    var tokenOffset: Int = 0
        private set
    var tokenLength: Int = 0
        private set

    /** Whether the last token had quotes (so `NULL` in it is a string, and empty means empty string). */
    var tokenQuoted: Boolean = false
        private set

    private var scratch: ByteArray? = null

    val atEnd: Boolean get() = pos >= end

    fun peek(): Int = if (pos < end) buf[pos].toInt() and 0xff else -1

    fun skipSpace() {
        while (pos < end && isPgSpace(buf[pos])) pos++
    }

    fun expect(c: Char, context: String) {
        if (pos >= end) fail("expected '$c' $context but the text ended")
        if (buf[pos].toInt() != c.code) fail("expected '$c' $context at position ${pos}, found '${buf[pos].toInt().toChar()}'")
        pos++
    }

    fun expectEnd() {
        skipSpace()
        if (pos < end) fail("unexpected text after the value at position $pos")
    }

    fun fail(detail: String): Nothing = malformedValue(type, detail)

    /** Whether the next bytes are [word], ASCII case-insensitively. */
    fun startsWithIgnoreCase(word: String): Boolean {
        if (end - pos < word.length) return false
        for (i in word.indices) if ((buf[pos + i].toInt() or 0x20) != (word[i].code or 0x20)) return false
        return true
    }

    /**
     * Scans a record field or range bound up to an unquoted [stop1]/[stop2]: quoted sections may be mixed with
     * unquoted text, `""` inside quotes is one quote and `\` escapes the next byte (record_in/range_parse rules).
     */
    fun scanDoubledQuoteToken(stop1: Char, stop2: Char) {
        val start = pos
        var plain = true
        var inQuote = false
        var p = pos
        while (true) {
            if (p >= end) fail(if (inQuote) "unterminated quoted string" else "expected '$stop1' or '$stop2'")
            val c = buf[p].toInt()
            if (!inQuote && (c == stop1.code || c == stop2.code)) break
            if (c == '"'.code || c == '\\'.code) plain = false
            if (c == '\\'.code) p++ else if (c == '"'.code) {
                if (inQuote && p + 1 < end && buf[p + 1].toInt() == '"'.code) p++ else inQuote = !inQuote
            }
            p++
        }
        pos = p
        tokenQuoted = !plain
        if (plain) return setToken(buf, start, p - start)
        val out = scratchFor(p - start)
        var n = 0
        var i = start
        var q = false
        while (i < p) {
            val c = buf[i].toInt()
            when {
                c == '\\'.code -> { out[n++] = buf[i + 1]; i += 2 }
                c == '"'.code && q && i + 1 < p && buf[i + 1].toInt() == '"'.code -> { out[n++] = buf[i]; i += 2 }
                c == '"'.code -> { q = !q; i++ }
                else -> { out[n++] = buf[i]; i++ }
            }
        }
        setToken(out, 0, n)
    }

    /**
     * Scans an array element or hstore word: either one `"…"` string with `\` escapes, or unquoted text up to an
     * unquoted [stop] byte with surrounding whitespace trimmed (array_in/hstore rules).
     */
    fun scanBackslashToken(stop: (Int) -> Boolean) {
        if (peek() == '"'.code) {
            val start = ++pos
            var p = start
            var escaped = false
            while (true) {
                if (p >= end) fail("unterminated quoted string")
                val c = buf[p].toInt()
                if (c == '"'.code) break
                if (c == '\\'.code) { escaped = true; p++ }
                p++
            }
            pos = p + 1
            tokenQuoted = true
            if (!escaped) return setToken(buf, start, p - start)
            val out = scratchFor(p - start)
            var n = 0
            var i = start
            while (i < p) {
                if (buf[i].toInt() == '\\'.code) i++
                out[n++] = buf[i++]
            }
            return setToken(out, 0, n)
        }
        val start = pos
        var p = pos
        var escaped = false
        var lastSignificant = p
        while (p < end) {
            val c = buf[p].toInt() and 0xff
            if (c == '\\'.code) {
                if (p + 1 >= end) fail("text ends after a backslash")
                escaped = true
                p += 2
                lastSignificant = p
                continue
            }
            if (c == '"'.code) fail("unexpected '\"' inside an unquoted element at position $p")
            if (stop(c)) break
            p++
            if (!isPgSpace(c.toByte())) lastSignificant = p
        }
        pos = p
        tokenQuoted = false
        if (!escaped) return setToken(buf, start, lastSignificant - start)
        val out = scratchFor(lastSignificant - start)
        var n = 0
        var i = start
        while (i < lastSignificant) {
            if (buf[i].toInt() == '\\'.code) i++
            out[n++] = buf[i++]
        }
        setToken(out, 0, n)
    }

    /** Whether the last token is an unquoted `NULL`. */
    fun tokenIsNull(): Boolean {
        if (tokenQuoted || tokenLength != 4 || tokenBuf !== buf) return false
        val o = tokenOffset
        return (buf[o].toInt() or 0x20) == 'n'.code && (buf[o + 1].toInt() or 0x20) == 'u'.code &&
            (buf[o + 2].toInt() or 0x20) == 'l'.code && (buf[o + 3].toInt() or 0x20) == 'l'.code
    }

    private fun setToken(b: ByteArray, off: Int, len: Int) {
        tokenBuf = b
        tokenOffset = off
        tokenLength = len
    }

    // A fresh array per escaped token: the token is handed to a codec that may keep a reference to the slice.
    private fun scratchFor(n: Int): ByteArray = ByteArray(n)
}

/** PostgreSQL's `isspace` set in the C locale. */
internal fun isPgSpace(b: Byte): Boolean {
    val c = b.toInt()
    return c == ' '.code || c in 0x09..0x0d
}

/**
 * Writes `src[off, off+len)` as a quoted member when it is empty, spells `NULL` ([quoteNullWord]) or contains a
 * byte [special] marks or whitespace; inside quotes `"` and `\` are escaped with a backslash ([doubleEscape] false,
 * array/hstore style) or doubled ([doubleEscape] true, record/range style).
 */
internal fun writeQuotedMember(
    src: ByteArray,
    off: Int,
    len: Int,
    out: ByteWriter,
    special: (Int) -> Boolean,
    doubleEscape: Boolean,
    quoteNullWord: Boolean,
    alwaysQuote: Boolean = false,
) {
    var quote = alwaysQuote || len == 0
    if (!quote && quoteNullWord && len == 4) {
        quote = (src[off].toInt() or 0x20) == 'n'.code && (src[off + 1].toInt() or 0x20) == 'u'.code &&
            (src[off + 2].toInt() or 0x20) == 'l'.code && (src[off + 3].toInt() or 0x20) == 'l'.code
    }
    var i = off
    val end = off + len
    while (!quote && i < end) {
        val c = src[i].toInt() and 0xff
        if (c == '"'.code || c == '\\'.code || special(c) || isPgSpace(src[i])) quote = true
        i++
    }
    if (!quote) {
        out.writeBytes(src, off, len)
        return
    }
    out.ensure(len + 2)
    out.writeByte('"'.code)
    for (j in off until end) {
        val c = src[j].toInt()
        if (c == '"'.code || c == '\\'.code) out.writeByte(if (doubleEscape) c else '\\'.code)
        out.writeByte(c)
    }
    out.writeByte('"'.code)
}
