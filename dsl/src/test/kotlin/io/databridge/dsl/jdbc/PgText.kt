package io.databridge.dsl.jdbc

import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.BuiltinKind
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.CustomType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.Interval
import io.databridge.dsl.types.JsonType
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.Range
import io.databridge.dsl.types.RangeType
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.util.UUID

/**
 * Test-only text codec: PostgreSQL's text form of each DSL type, both directions. The real binary codecs live
 * in core; this exists only so the DSL can be executed through pgjdbc before the engine lands.
 */
internal object PgText {
    @Suppress("UNCHECKED_CAST")
    fun encode(value: Any, type: PgType<*>): String = when (type) {
        is BuiltinType<*> -> when (type.kind) {
            BuiltinKind.BOOL -> if (value as Boolean) "t" else "f"
            BuiltinKind.NUMERIC, BuiltinKind.MONEY -> (value as BigDecimal).toPlainString()
            BuiltinKind.INTERVAL -> (value as Interval).let { "${it.months} mons ${it.days} days ${it.microseconds} microseconds" }
            BuiltinKind.HSTORE -> (value as Map<String, String?>).entries.joinToString(", ") { (k, v) ->
                quote(k) + "=>" + (v?.let(::quote) ?: "NULL")
            }
            else -> value.toString()
        }
        is ArrayType<*> -> (value as List<*>).joinToString(",", "{", "}") { e ->
            if (e == null) "NULL" else quote(encode(e, type.element))
        }
        is JsonType<*> -> Json.encodeToString(type.serializer as KSerializer<Any>, value)
        is EnumType<*> -> type.labels[type.constants.indexOf(value)]
        is RangeType<*> -> (value as Range<Any>).let { r ->
            if (r.isEmpty) "empty"
            else (if (r.lowerInclusive) "[" else "(") + (r.lower?.let { quote(encode(it, type.element)) } ?: "") + "," +
                (r.upper?.let { quote(encode(it, type.element)) } ?: "") + (if (r.upperInclusive) "]" else ")")
        }
        is CustomType<*> -> (type.encode as (Any) -> String)(value)
    }

    fun decode(text: String, type: PgType<*>): Any = when (type) {
        is BuiltinType<*> -> when (type.kind) {
            BuiltinKind.BOOL -> text == "t"
            BuiltinKind.CHAR -> text[0]
            BuiltinKind.INT2 -> text.toShort()
            BuiltinKind.INT4 -> text.toInt()
            BuiltinKind.INT8, BuiltinKind.OID -> text.toLong()
            BuiltinKind.FLOAT4 -> text.toFloat()
            BuiltinKind.FLOAT8 -> text.toDouble()
            BuiltinKind.NUMERIC -> BigDecimal(text)
            BuiltinKind.MONEY -> BigDecimal(text.replace("$", "").replace(",", ""))
            BuiltinKind.UUID -> UUID.fromString(text)
            BuiltinKind.DATE -> LocalDate.parse(text)
            BuiltinKind.TIME -> LocalTime.parse(text)
            BuiltinKind.TIMETZ -> OffsetTime.parse(fullOffset(text))
            BuiltinKind.TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T'))
            BuiltinKind.TIMESTAMPTZ -> OffsetDateTime.parse(fullOffset(text.replace(' ', 'T')))
            BuiltinKind.INTERVAL -> isoInterval(text)
            BuiltinKind.BYTEA, BuiltinKind.HSTORE -> error("read through JDBC directly")
            else -> text
        }
        is ArrayType<*> -> splitArray(text).map { it?.let { e -> decode(e, type.element) } }
        is JsonType<*> -> Json.decodeFromString(type.serializer, text)
        is EnumType<*> -> type.fromLabel(text)
        is RangeType<*> -> range(text, type.element)
        is CustomType<*> -> type.decode(text)
    }

    private fun quote(s: String): String = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""

    private fun fullOffset(s: String): String = if (Regex("[+-]\\d\\d$").containsMatchIn(s)) "$s:00" else s

    private val ISO_INTERVAL = Regex("""P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?)?""")

    private fun isoInterval(text: String): Interval {
        val m = ISO_INTERVAL.matchEntire(text) ?: error("unexpected interval text $text")
        fun g(i: Int) = m.groupValues[i].ifEmpty { "0" }
        val micros = g(4).toLong() * 3_600_000_000L + g(5).toLong() * 60_000_000L +
            BigDecimal(g(6)).movePointRight(6).toLong()
        return Interval(g(1).toInt() * 12 + g(2).toInt(), g(3).toInt(), micros)
    }

    /** Splits a one-dimensional array literal into element texts (null for NULL). */
    fun splitArray(text: String): List<String?> {
        check(text.startsWith("{") && text.endsWith("}")) { "unexpected array text $text" }
        return splitTopLevel(text.substring(1, text.length - 1), nullWord = true)
    }

    private fun range(text: String, element: PgType<*>): Range<Any> {
        if (text == "empty") return Range.empty()
        val (lo, hi) = splitTopLevel(text.substring(1, text.length - 1), nullWord = false)
        return Range(
            lo?.takeIf { it.isNotEmpty() }?.let { decode(it, element) },
            hi?.takeIf { it.isNotEmpty() }?.let { decode(it, element) },
            text.first() == '[',
            text.last() == ']',
        )
    }

    private fun splitTopLevel(body: String, nullWord: Boolean): List<String?> {
        if (body.isEmpty()) return if (nullWord) emptyList() else listOf("", "")
        val out = ArrayList<String?>()
        val cur = StringBuilder()
        var quoted = false
        var wasQuoted = false
        var i = 0
        while (i < body.length) {
            val c = body[i]
            when {
                quoted && c == '\\' -> { cur.append(body[i + 1]); i++ }
                c == '"' -> { quoted = !quoted; wasQuoted = true }
                !quoted && c == ',' -> {
                    out += element(cur.toString(), wasQuoted, nullWord); cur.setLength(0); wasQuoted = false
                }
                else -> cur.append(c)
            }
            i++
        }
        out += element(cur.toString(), wasQuoted, nullWord)
        return out
    }

    private fun element(s: String, wasQuoted: Boolean, nullWord: Boolean): String? =
        if (nullWord && !wasQuoted && s == "NULL") null else s
}
