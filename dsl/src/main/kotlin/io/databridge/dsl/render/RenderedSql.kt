package io.databridge.dsl.render

import io.databridge.dsl.types.PgType

/** One bound parameter: its [value] (null for SQL NULL) and the PostgreSQL [type] to bind it as. */
public class BoundParameter(public val value: Any?, public val type: PgType<*>) {
    override fun equals(other: Any?): Boolean =
        other is BoundParameter && other.type == type && valueEquals(other.value, value)

    override fun hashCode(): Int = type.hashCode()

    override fun toString(): String = "${type.sqlName}=" + if (value is ByteArray) value.contentToString() else value.toString()

    private fun valueEquals(a: Any?, b: Any?): Boolean =
        if (a is ByteArray && b is ByteArray) a.contentEquals(b) else a == b
}

/** SQL text with `$1::type…$n::type` placeholders (cast to each parameter's type) and the parameters to bind, in order. */
public data class RenderedSql(val sql: String, val parameters: List<BoundParameter>)
