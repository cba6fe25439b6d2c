package io.databridge.dsl

// Join-first outer joins: the FROM clause comes before the select list, so the block that builds the select list
// receives the outer side only as its nullable view, and its columns read as `Column<V?>` without opting in.

/**
 * `SELECT … FROM this LEFT JOIN right ON on`, the select built by [select] from this item and [right]'s nullable
 * view: `Users.leftJoin(Orders, Users.id eq Orders.userId) { u, o -> select(u.name, o { total }) }` reads rows as
 * `Pair<String, BigDecimal?>`. The block builds the select without `from(…)`; it may add WHERE, ORDER BY and the
 * rest. A non-null column of [right] selected directly in the block is refused with [InvalidQueryException], as in
 * the select-first form.
 */
public fun <L : FromItem, R : FromItem, Q> L.leftJoin(
    right: R,
    on: Expr<out Boolean?>,
    select: (L, NullableSide<R>) -> SelectQuery<Q>,
): SelectQuery<Q> = select(this, right.orNull()).selectingFrom(Join(this, JoinKind.LEFT, right, on))

/**
 * `SELECT … FROM this RIGHT JOIN right ON on`, the select built by [select] from this item's nullable view and
 * [right] (see [leftJoin]).
 */
public fun <L : FromItem, R : FromItem, Q> L.rightJoin(
    right: R,
    on: Expr<out Boolean?>,
    select: (NullableSide<L>, R) -> SelectQuery<Q>,
): SelectQuery<Q> = select(orNull(), right).selectingFrom(Join(this, JoinKind.RIGHT, right, on))

/**
 * `SELECT … FROM this FULL JOIN right ON on`, the select built by [select] from the nullable views of both sides
 * (see [leftJoin]).
 */
public fun <L : FromItem, R : FromItem, Q> L.fullJoin(
    right: R,
    on: Expr<out Boolean?>,
    select: (NullableSide<L>, NullableSide<R>) -> SelectQuery<Q>,
): SelectQuery<Q> = select(orNull(), right.orNull()).selectingFrom(Join(this, JoinKind.FULL, right, on))
