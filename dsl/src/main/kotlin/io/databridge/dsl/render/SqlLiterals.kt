package io.databridge.dsl.render

import io.databridge.dsl.InvalidParameterException
import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.CustomType
import io.databridge.dsl.types.EnumType
import io.databridge.dsl.types.JsonType
import io.databridge.dsl.types.PgType
import io.databridge.pg.types.BuiltinTypes
import java.math.BigDecimal
import java.time.temporal.TemporalAccessor
import java.util.UUID
import kotlinx.serialization.KSerializer

/**
 * Literals for the places where PostgreSQL takes no parameters (DDL: defaults, checks, index predicates).
 * Every value becomes an escape-string literal `E'…'` cast to its type: backslashes and quotes are doubled, so
 * the text means the same whatever `standard_conforming_strings` says, and no value can end the literal early.
 */
internal object SqlLiterals {
    private val TEXT_BASES = setOf(BuiltinTypes.TEXT, BuiltinTypes.VARCHAR, BuiltinTypes.BPCHAR, BuiltinTypes.NAME, BuiltinTypes.JSON,
        BuiltinTypes.JSONB, BuiltinTypes.XML, BuiltinTypes.TSVECTOR, BuiltinTypes.TSQUERY)
    private val NUMBER_BASES = setOf(BuiltinTypes.INT2, BuiltinTypes.INT4, BuiltinTypes.INT8, BuiltinTypes.OID, BuiltinTypes.FLOAT4,
        BuiltinTypes.FLOAT8, BuiltinTypes.NUMERIC, BuiltinTypes.MONEY)
    private val TIME_BASES = setOf(BuiltinTypes.DATE, BuiltinTypes.TIME, BuiltinTypes.TIMETZ, BuiltinTypes.TIMESTAMP, BuiltinTypes.TIMESTAMPTZ)

    /** [value] of [type] as a literal, `NULL` for null. */
    fun literal(value: Any?, type: PgType<*>): String {
        if (value == null) return "NULL"
        type.validate(value)
        if (type is ArrayType<*>) {
            val items = (value as List<*>).map { literal(it, type.element) }
            return if (items.isEmpty()) "'{}'::${type.placeholderType}" else items.joinToString(", ", "ARRAY[", "]::${type.placeholderType}")
        }
        if (type is BuiltinType<*> && type.base == BuiltinTypes.BOOL) return if (value as Boolean) "true" else "false"
        return quoted(textForm(value, type)) + "::" + type.placeholderType
    }

    /** [text] as an escape-string literal. */
    fun quoted(text: String): String {
        if (text.indexOf('\u0000') >= 0) throw InvalidParameterException("a SQL literal cannot hold a NUL character")
        val out = StringBuilder(text.length + 4).append("E'")
        for (c in text) {
            when (c) {
                '\'' -> out.append("''")
                '\\' -> out.append("\\\\")
                else -> out.append(c)
            }
        }
        return out.append('\'').toString()
    }

    @Suppress("UNCHECKED_CAST")
    private fun textForm(value: Any, type: PgType<*>): String = when (type) {
        is EnumType<*> -> type.labels[type.constants.indexOf(value)]
        is JsonType<*> -> type.format.encodeToString(type.serializer as KSerializer<Any>, value)
        is CustomType<*> -> (type as CustomType<Any>).encode(value)
        is BuiltinType<*> -> builtinText(value, type)
        else -> unsupported(value, type)
    }

    private fun builtinText(value: Any, type: BuiltinType<*>): String = when {
        type.base in TEXT_BASES && value is String -> value
        type.base in NUMBER_BASES && value is BigDecimal -> value.toPlainString()
        type.base in NUMBER_BASES && value is Number -> value.toString()
        type.base == BuiltinTypes.CHAR -> value.toString()
        type.base == BuiltinTypes.UUID && value is UUID -> value.toString()
        type.base in TIME_BASES && value is TemporalAccessor -> value.toString()
        type.base == BuiltinTypes.BYTEA && value is ByteArray -> value.joinToString("", "\\x") { "%02x".format(it) }
        else -> unsupported(value, type)
    }

    private fun unsupported(value: Any, type: PgType<*>): Nothing = throw InvalidParameterException(
        "a ${type.sqlName} value (${value::class.simpleName}) has no literal form in DDL; use an SQL expression (sql(type, \"…\")) instead",
    )
}
