package io.databridge.dsl

/** Decodes a row with [source] and hands the result to [transform]: how a caller maps rows to its own classes. */
internal class TransformedShape<R, T>(private val source: ResultShape<R>, private val transform: (R) -> T) : ResultShape<T> {
    override val exprs: List<Expr<*>> get() = source.exprs

    override fun decode(reader: RowReader): T = transform(source.decode(reader))
}

/** This query with every row passed through [transform]; the statement, and so its rendering, stays the same. */
internal fun <R, T> Query<R>.mapRows(transform: (R) -> T): Query<T> = Query(statement, TransformedShape(shape, transform))
