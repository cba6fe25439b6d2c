package io.databridge.dsl

/** Decodes a row with [source] and hands the result to [transform]: how a caller maps rows to its own classes. */
internal class TransformedShape<R, T>(private val source: ResultShape<R>, private val transform: (R) -> T) : ResultShape<T> {
    override val exprs: List<Expr<*>> get() = source.exprs

    override fun decode(reader: RowReader): T = transform(source.decode(reader))
}

/** This query with every row passed through [transform]; the statement, and so its rendering, stays the same. */
internal fun <R, T> Query<R>.mapRows(transform: (R) -> T): Query<T> = Query(statement, TransformedShape(shape, transform))

/**
 * This query with each row turned into [T] by [transform], for `list`, `single`, `flow` and the rest alike (a
 * [kotlinx.coroutines.flow.Flow] of the query yields mapped rows as they stream). The row is what the select reads:
 * one value, a tuple, or a [ResultRow] read by column object (`row[Users.email]`, typed `String`), so
 * `select(listOf(Users.id, Users.name)).from(Users).map { row -> User(row[Users.id], row[Users.name]) }`.
 * The SQL is unchanged and shares the query's render-cache entry.
 */
public fun <R, T> Query<R>.map(transform: (R) -> T): Query<T> = mapRows(transform)
