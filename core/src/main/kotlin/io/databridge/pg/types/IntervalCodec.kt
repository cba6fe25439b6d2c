package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readInt
import io.databridge.pg.protocol.readLong
import java.math.BigDecimal

/**
 * `interval` ↔ [PgInterval]. Binary: microseconds, days, months. Text decoding reads the `postgres`,
 * `postgres_verbose` and `iso_8601` IntervalStyles (`sql_standard` is refused naming the setting); encoding writes
 * `<months> mons <days> days <±HH:MM:SS.ffffff>`, which the server reads under every style.
 */
public object IntervalCodec : PgCodec<PgInterval> {
    override val type: PgTypeIdentity = BuiltinTypes.INTERVAL
    override val valueClass: Class<PgInterval> = PgInterval::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgInterval {
        requireLength(type, length, 16)
        return PgInterval(readInt(buf, offset + 12), readInt(buf, offset + 8), readLong(buf, offset))
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgInterval {
        // sql_standard text (`-1-2 +3 -4:05:06`) drops the unit names the parser relies on: refuse it by name, as DateStyle.
        val style = context.serverParameter("IntervalStyle")
        if (style == "sql_standard") {
            throw malformed(type, "text in IntervalStyle 'sql_standard' is not supported; use postgres, postgres_verbose or iso_8601, or binary format")
        }
        return parseText(type, buf, offset, length) {
            when {
                it == "infinity" -> PgInterval.INFINITY
                it == "-infinity" -> PgInterval.NEGATIVE_INFINITY
                it.startsWith("P") -> IntervalTextParser(type).iso(it)
                else -> IntervalTextParser(type).postgres(it)
            }
        }
    }

    override fun encodeBinary(value: PgInterval, out: ByteWriter, context: CodecContext) {
        out.writeLong(value.microseconds)
        out.writeInt(value.days)
        out.writeInt(value.months)
    }

    override fun encodeText(value: PgInterval, out: ByteWriter, context: CodecContext) {
        when (value) {
            PgInterval.INFINITY -> out.writeUtf8("infinity")
            PgInterval.NEGATIVE_INFINITY -> out.writeUtf8("-infinity")
            else -> {
                out.writeUtf8(value.months.toString())
                out.writeUtf8(" mons ")
                out.writeUtf8(value.days.toString())
                out.writeUtf8(" days ")
                val us = value.microseconds
                // Long.MIN_VALUE has no positive counterpart; split it before taking the absolute value.
                val negative = us < 0
                val absSeconds = Math.abs(us / 1_000_000)
                val absMicros = Math.abs(us % 1_000_000).toInt()
                out.writeByte(if (negative) '-'.code else '+'.code)
                writeIsoTime(out, absSeconds / 3600, (absSeconds / 60 % 60).toInt(), (absSeconds % 60).toInt(), absMicros)
            }
        }
    }
}

/** Reads interval text: `1 year 2 mons -3 days +04:05:06.7`, `@ 1 hour ago`, `P1Y2M-3DT4H5M6.7S`. */
internal class IntervalTextParser(private val type: PgTypeIdentity) {
    private var months = 0L
    private var days = 0L
    private var micros = BigDecimal.ZERO

    fun postgres(s: String): PgInterval {
        val tokens = s.trim().split(' ').filter { it.isNotEmpty() }.toMutableList()
        if (tokens.firstOrNull() == "@") tokens.removeAt(0)
        val ago = tokens.lastOrNull() == "ago"
        if (ago) tokens.removeAt(tokens.size - 1)
        var i = 0
        while (i < tokens.size) {
            val t = tokens[i]
            if (t.contains(':')) {
                clock(t)
                i++
            } else {
                if (i + 1 >= tokens.size) throw malformed(type, "number without unit")
                unit(BigDecimal(t), tokens[i + 1])
                i += 2
            }
        }
        return result(if (ago) -1 else 1)
    }

    fun iso(s: String): PgInterval {
        var i = 1
        var inTime = false
        while (i < s.length) {
            if (s[i] == 'T') {
                inTime = true
                i++
                continue
            }
            val start = i
            while (i < s.length && (s[i].isDigit() || s[i] == '-' || s[i] == '+' || s[i] == '.')) i++
            if (i == start || i >= s.length) throw malformed(type, "bad ISO 8601 field")
            val n = BigDecimal(s.substring(start, i))
            val unit = when (s[i]) {
                'Y' -> "year"
                'M' -> if (inTime) "min" else "mon"
                'W' -> "week"
                'D' -> "day"
                'H' -> "hour"
                'S' -> "sec"
                else -> throw malformed(type, "unknown ISO 8601 designator '${s[i]}'")
            }
            unit(n, unit)
            i++
        }
        return result(1)
    }

    private fun clock(t: String) {
        val negative = t.startsWith('-')
        val parts = t.trimStart('+', '-').split(':')
        if (parts.size !in 2..3) throw malformed(type, "bad time field")
        var us = BigDecimal(parts[0]).multiply(HOUR).add(BigDecimal(parts[1]).multiply(MINUTE))
        if (parts.size == 3) us = us.add(BigDecimal(parts[2]).multiply(SECOND))
        micros = micros.add(if (negative) us.negate() else us)
    }

    private fun unit(n: BigDecimal, unit: String) {
        when (unit.removeSuffix("s")) {
            "year" -> months += n.multiply(TWELVE).longValueExact()
            "mon" -> months += n.longValueExact()
            "week" -> days += n.multiply(SEVEN).longValueExact()
            "day" -> days += n.longValueExact()
            "hour" -> micros = micros.add(n.multiply(HOUR))
            "min" -> micros = micros.add(n.multiply(MINUTE))
            "sec" -> micros = micros.add(n.multiply(SECOND))
            else -> throw malformed(type, "unknown unit '$unit'")
        }
    }

    private fun result(sign: Int): PgInterval = PgInterval(
        Math.toIntExact(months * sign),
        Math.toIntExact(days * sign),
        micros.multiply(BigDecimal.valueOf(sign.toLong())).longValueExact(),
    )

    private companion object {
        val TWELVE = BigDecimal.valueOf(12)
        val SEVEN = BigDecimal.valueOf(7)
        val SECOND = BigDecimal.valueOf(1_000_000)
        val MINUTE = BigDecimal.valueOf(60_000_000)
        val HOUR = BigDecimal.valueOf(3_600_000_000)
    }
}
