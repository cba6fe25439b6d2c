package io.databridge.dsl

import io.databridge.dsl.types.PgType

/**
 * Reads one result row's columns by position; `io.databridge.dsl.exec` implements it over the engine's rows.
 * [read] returns null for SQL NULL, otherwise the value decoded as [type]'s Kotlin mapping.
 */
public interface RowReader {
    /** The value of column [index] (0-based) decoded as [type], or null when it is SQL NULL. */
    public fun read(index: Int, type: PgType<*>): Any?
}

/** A row of a select of arbitrary expressions: `row[Users.email]`. */
public class ResultRow internal constructor(private val exprs: Array<Expr<*>>, private val values: Array<Any?>) {
    /** The value of [expr], which must be one of the selected expressions. */
    @Suppress("UNCHECKED_CAST")
    public operator fun <T> get(expr: Expr<T>): T = values[indexOf(expr)] as T

    internal fun valueAt(index: Int): Any? = values[index]

    /**
     * The first [count] values, for a caller that drops this row afterwards: the row's own array when it holds
     * exactly that many (no copy), else a copy of them. Reading this row after changing the array reads the changes.
     */
    internal fun handOverValues(count: Int): Array<Any?> = if (values.size == count) values else values.copyOf(count)

    // Callers almost always pass the very expression they selected, so an identity scan answers without calling
    // equals (a data-class comparison per column); an equal expression built anew still finds its column.
    private fun indexOf(expr: Expr<*>): Int {
        for (i in exprs.indices) if (exprs[i] === expr) return i
        val at = exprs.indexOf(expr)
        if (at < 0) throw InvalidQueryException("$expr is not part of this result")
        return at
    }

    override fun toString(): String = exprs.indices.joinToString(prefix = "ResultRow(", postfix = ")") { "${exprs[it]}=${values[it]}" }
}

/** How a query's rows become [R]: one value, a tuple, or a [ResultRow]. */
public sealed interface ResultShape<R> {
    /** The expressions read, in select-list order. */
    public val exprs: List<Expr<*>>

    /** The row [reader] currently points at, decoded. */
    public fun decode(reader: RowReader): R
}

internal class SingleShape<R>(override val exprs: List<Expr<*>>) : ResultShape<R> {
    @Suppress("UNCHECKED_CAST")
    override fun decode(reader: RowReader): R = readAll(exprs, reader)[0] as R
}

internal class RowShape(override val exprs: List<Expr<*>>) : ResultShape<ResultRow> {
    private val lookup: Array<Expr<*>> = exprs.toTypedArray()

    override fun decode(reader: RowReader): ResultRow = ResultRow(lookup, readAll(exprs, reader))
}

internal class TupleShape<R>(override val exprs: List<Expr<*>>, private val build: (Array<Any?>) -> R) : ResultShape<R> {
    override fun decode(reader: RowReader): R = build(readAll(exprs, reader))
}

private fun readAll(exprs: List<Expr<*>>, reader: RowReader): Array<Any?> = Array(exprs.size) { i ->
    val expr = exprs[i]
    val value = reader.read(i, expr.pgType)
    if (value == null && expr is Column<*> && !expr.nullable) {
        throw UnexpectedNullException("column $expr is declared non-null but the result holds NULL; read an outer join through orNull()")
    }
    value
}
