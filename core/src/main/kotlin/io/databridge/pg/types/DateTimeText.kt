package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneOffset

/**
 * Reads the server's ISO DateStyle output (`2020-01-31 12:34:56.789+05:30 BC`): a cursor over one value.
 * Years may have more than four digits; `BC` is PostgreSQL's era suffix (1 BC is ISO year 0).
 */
internal class DateTimeTextParser(private val type: PgTypeIdentity, private val s: String) {
    private var pos = 0
    private val bc = s.endsWith(" BC")
    private val end = if (bc) s.length - 3 else s.length

    fun date(): LocalDate {
        val year = number(1, 9)
        expect('-')
        val month = number(2, 2)
        expect('-')
        val day = number(2, 2)
        return LocalDate.of(if (bc) 1 - year else year, month, day)
    }

    /** A time of day; `24:00:00` (allowed by PostgreSQL) reads as [LocalTime.MAX]. */
    fun time(): LocalTime {
        val hour = number(2, 2)
        expect(':')
        val minute = number(2, 2)
        expect(':')
        val second = number(2, 2)
        var nanos = 0
        if (pos < end && s[pos] == '.') {
            pos++
            val start = pos
            while (pos < end && s[pos].isDigit()) pos++
            val digits = pos - start
            if (digits == 0 || digits > 9) fail("fractional seconds")
            nanos = s.substring(start, pos).padEnd(9, '0').toInt()
        }
        if (hour == 24 && minute == 0 && second == 0 && nanos == 0) return LocalTime.MAX
        return LocalTime.of(hour, minute, second, nanos)
    }

    fun space() = expect(' ')

    /** A numeric UTC offset `±HH[:MM[:SS]]` (historic zones print seconds, e.g. `+05:53:28`). */
    fun offset(): ZoneOffset {
        if (pos >= end || (s[pos] != '+' && s[pos] != '-')) fail("zone offset")
        val negative = s[pos++] == '-'
        val h = number(2, 2)
        var m = 0
        var sec = 0
        if (pos < end && s[pos] == ':') {
            pos++
            m = number(2, 2)
            if (pos < end && s[pos] == ':') {
                pos++
                sec = number(2, 2)
            }
        }
        val total = h * 3600 + m * 60 + sec
        return ZoneOffset.ofTotalSeconds(if (negative) -total else total)
    }

    fun finish() {
        if (pos != end) fail("trailing characters")
    }

    fun requireNoEra() {
        if (bc) fail("era suffix")
    }

    private fun number(minDigits: Int, maxDigits: Int): Int {
        val start = pos
        var v = 0
        while (pos < end && s[pos].isDigit() && pos - start < maxDigits) v = v * 10 + (s[pos++] - '0')
        if (pos - start < minDigits) fail("digits")
        return v
    }

    private fun expect(c: Char) {
        if (pos >= end || s[pos] != c) fail("'$c'")
        pos++
    }

    private fun fail(what: String): Nothing = throw malformed(type, "expected $what at position $pos")
}

/** Writes `YYYY-MM-DD` (years of five or more digits as they are; the BC suffix is written by the caller). */
internal fun writeIsoDate(out: ByteWriter, date: LocalDate) {
    val year = if (date.year <= 0) 1 - date.year else date.year
    writePadded(out, year.toLong(), 4)
    out.writeByte('-'.code)
    writePadded(out, date.monthValue.toLong(), 2)
    out.writeByte('-'.code)
    writePadded(out, date.dayOfMonth.toLong(), 2)
}

/** Writes `HH:MM:SS[.ffffff]` with microsecond precision (trailing zeros dropped). */
internal fun writeIsoTime(out: ByteWriter, hour: Long, minute: Int, second: Int, micros: Int) {
    writePadded(out, hour, 2)
    out.writeByte(':'.code)
    writePadded(out, minute.toLong(), 2)
    out.writeByte(':'.code)
    writePadded(out, second.toLong(), 2)
    if (micros != 0) {
        out.writeByte('.'.code)
        var digits = 6
        var v = micros
        while (v % 10 == 0) {
            v /= 10
            digits--
        }
        writePadded(out, v.toLong(), digits)
    }
}

/** Writes `±HH:MM[:SS]`. */
internal fun writeOffset(out: ByteWriter, offset: ZoneOffset) {
    val total = offset.totalSeconds
    out.writeByte(if (total < 0) '-'.code else '+'.code)
    val abs = Math.abs(total)
    writePadded(out, (abs / 3600).toLong(), 2)
    out.writeByte(':'.code)
    writePadded(out, (abs / 60 % 60).toLong(), 2)
    if (abs % 60 != 0) {
        out.writeByte(':'.code)
        writePadded(out, (abs % 60).toLong(), 2)
    }
}

internal fun writeEra(out: ByteWriter, date: LocalDate) {
    if (date.year <= 0) out.writeUtf8(" BC")
}

private fun writePadded(out: ByteWriter, value: Long, width: Int) {
    val s = value.toString()
    for (i in s.length until width) out.writeByte('0'.code)
    out.writeUtf8(s)
}

/** Fails unless the server prints dates in ISO style: the only DateStyle the text decoders read. */
internal fun requireIsoDateStyle(type: PgTypeIdentity, context: CodecContext) {
    val style = context.serverParameter("DateStyle") ?: return
    if (!style.startsWith("ISO")) throw malformed(type, "text in DateStyle '$style' is not supported; use ISO or binary format")
}
