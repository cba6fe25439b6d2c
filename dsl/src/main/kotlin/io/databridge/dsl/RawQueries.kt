package io.databridge.dsl

// Raw SQL read as the DSL's typed rows: the caller names, per result column in order, the expression whose type
// decodes it (usually the table column the raw SELECT reads), and gets the same rows a DSL select would give.

/** This raw SQL as a query whose rows read their first column as [a] (a non-null column refuses NULL). */
public fun <A> RawStatement.asQuery(a: Expr<A>): Query<A> = Query(this, SingleShape(listOf(a)))

/** This raw SQL as a query whose rows read their two columns as [a] and [b]. */
public fun <A, B> RawStatement.asQuery(a: Expr<A>, b: Expr<B>): Query<Pair<A, B>> = Query(this, pairShape(a, b))

/** This raw SQL as a query whose rows read their three columns as [a], [b] and [c]. */
public fun <A, B, C> RawStatement.asQuery(a: Expr<A>, b: Expr<B>, c: Expr<C>): Query<Triple<A, B, C>> =
    Query(this, tripleShape(a, b, c))

/** This raw SQL as a query of [ResultRow]s, column i read as `exprs[i]`; `mapTo<T>()` maps them by column name. */
public fun RawStatement.asQuery(exprs: List<Expr<*>>): Query<ResultRow> = Query(this, RowShape(exprs))
