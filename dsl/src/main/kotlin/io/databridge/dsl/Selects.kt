package io.databridge.dsl

// Typed select entry points: one overload per arity, so each result column keeps its own Kotlin type.

@Suppress("UNCHECKED_CAST")
internal fun <A, B> pairShape(a: Expr<A>, b: Expr<B>): ResultShape<Pair<A, B>> = TupleShape(listOf(a, b)) { v -> Pair(v[0] as A, v[1] as B) }

@Suppress("UNCHECKED_CAST")
internal fun <A, B, C> tripleShape(a: Expr<A>, b: Expr<B>, c: Expr<C>): ResultShape<Triple<A, B, C>> =
    TupleShape(listOf(a, b, c)) { v -> Triple(v[0] as A, v[1] as B, v[2] as C) }

/** `SELECT` of 1 expression; rows read as `A`. */
@Suppress("UNCHECKED_CAST")
public fun <A> select(a: Expr<A>): SelectQuery<A> = SelectQuery(SelectNode(listOf(a)), SingleShape(listOf(a)))

/** `RETURNING` 1 expression; rows read as `A`. */
@Suppress("UNCHECKED_CAST")
public fun <A> ReturningCapable.returning(a: Expr<A>): Query<A> = withReturning(SingleShape(listOf(a)))

/** `SELECT` of 2 expressions; rows read as `Pair<A, B>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B> select(a: Expr<A>, b: Expr<B>): SelectQuery<Pair<A, B>> = SelectQuery(SelectNode(listOf(a, b)), pairShape(a, b))

/** `RETURNING` 2 expressions; rows read as `Pair<A, B>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B> ReturningCapable.returning(a: Expr<A>, b: Expr<B>): Query<Pair<A, B>> = withReturning(pairShape(a, b))

/** `SELECT` of 3 expressions; rows read as `Triple<A, B, C>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B, C> select(a: Expr<A>, b: Expr<B>, c: Expr<C>): SelectQuery<Triple<A, B, C>> = SelectQuery(SelectNode(listOf(a, b, c)), tripleShape(a, b, c))

/** `RETURNING` 3 expressions; rows read as `Triple<A, B, C>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B, C> ReturningCapable.returning(a: Expr<A>, b: Expr<B>, c: Expr<C>): Query<Triple<A, B, C>> = withReturning(tripleShape(a, b, c))

/** `SELECT` of 4 expressions; rows read as `Tuple4<A, B, C, D>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B, C, D> select(a: Expr<A>, b: Expr<B>, c: Expr<C>, d: Expr<D>): SelectQuery<Tuple4<A, B, C, D>> = SelectQuery(SelectNode(listOf(a, b, c, d)), TupleShape(listOf(a, b, c, d)) { v -> Tuple4(v[0] as A, v[1] as B, v[2] as C, v[3] as D) })

/** `SELECT` of 5 expressions; rows read as `Tuple5<A, B, C, D, E>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B, C, D, E> select(a: Expr<A>, b: Expr<B>, c: Expr<C>, d: Expr<D>, e: Expr<E>): SelectQuery<Tuple5<A, B, C, D, E>> = SelectQuery(SelectNode(listOf(a, b, c, d, e)), TupleShape(listOf(a, b, c, d, e)) { v -> Tuple5(v[0] as A, v[1] as B, v[2] as C, v[3] as D, v[4] as E) })

/** `SELECT` of 6 expressions; rows read as `Tuple6<A, B, C, D, E, F>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B, C, D, E, F> select(a: Expr<A>, b: Expr<B>, c: Expr<C>, d: Expr<D>, e: Expr<E>, f: Expr<F>): SelectQuery<Tuple6<A, B, C, D, E, F>> = SelectQuery(SelectNode(listOf(a, b, c, d, e, f)), TupleShape(listOf(a, b, c, d, e, f)) { v -> Tuple6(v[0] as A, v[1] as B, v[2] as C, v[3] as D, v[4] as E, v[5] as F) })

/** `SELECT` of 7 expressions; rows read as `Tuple7<A, B, C, D, E, F, G>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B, C, D, E, F, G> select(a: Expr<A>, b: Expr<B>, c: Expr<C>, d: Expr<D>, e: Expr<E>, f: Expr<F>, g: Expr<G>): SelectQuery<Tuple7<A, B, C, D, E, F, G>> = SelectQuery(SelectNode(listOf(a, b, c, d, e, f, g)), TupleShape(listOf(a, b, c, d, e, f, g)) { v -> Tuple7(v[0] as A, v[1] as B, v[2] as C, v[3] as D, v[4] as E, v[5] as F, v[6] as G) })

/** `SELECT` of 8 expressions; rows read as `Tuple8<A, B, C, D, E, F, G, H>`. */
@Suppress("UNCHECKED_CAST")
public fun <A, B, C, D, E, F, G, H> select(a: Expr<A>, b: Expr<B>, c: Expr<C>, d: Expr<D>, e: Expr<E>, f: Expr<F>, g: Expr<G>, h: Expr<H>): SelectQuery<Tuple8<A, B, C, D, E, F, G, H>> = SelectQuery(SelectNode(listOf(a, b, c, d, e, f, g, h)), TupleShape(listOf(a, b, c, d, e, f, g, h)) { v -> Tuple8(v[0] as A, v[1] as B, v[2] as C, v[3] as D, v[4] as E, v[5] as F, v[6] as G, v[7] as H) })

/**
 * `SELECT` of any number of expressions; rows read as [ResultRow], typed by column object (`row[Users.email]` is
 * a `String`). Tuple-typed overloads stop at 8 expressions; a wider select keeps typed access through [ResultRow]
 * and maps to a class with `mapTo<T>()` or `map { row -> … }`.
 */
public fun select(exprs: List<Expr<*>>): SelectQuery<ResultRow> = SelectQuery(SelectNode(exprs), RowShape(exprs))

/** `SELECT` of all of this table's columns; rows read as [ResultRow]. */
public fun Table.selectAll(): SelectQuery<ResultRow> = select(columns).from(this)

/** `RETURNING` any number of expressions; rows read as [ResultRow]. */
public fun ReturningCapable.returning(exprs: List<Expr<*>>): Query<ResultRow> = withReturning(RowShape(exprs))
