package io.databridge.dsl

/**
 * A statement that returns rows of [R]: the [statement] tree plus the [shape] that decodes each row.
 * Two queries are equal when their statements are.
 */
public open class Query<R> internal constructor(public val statement: Statement, public val shape: ResultShape<R>) {
    /** `this UNION other` (duplicates removed). */
    public infix fun union(other: Query<R>): SetOperationQuery<R> = setOp(SetOperator.UNION, false, other)
    /** `this UNION ALL other`. */
    public infix fun unionAll(other: Query<R>): SetOperationQuery<R> = setOp(SetOperator.UNION, true, other)
    /** `this INTERSECT other`. */
    public infix fun intersect(other: Query<R>): SetOperationQuery<R> = setOp(SetOperator.INTERSECT, false, other)
    /** `this INTERSECT ALL other`. */
    public infix fun intersectAll(other: Query<R>): SetOperationQuery<R> = setOp(SetOperator.INTERSECT, true, other)
    /** `this EXCEPT other`. */
    public infix fun except(other: Query<R>): SetOperationQuery<R> = setOp(SetOperator.EXCEPT, false, other)
    /** `this EXCEPT ALL other`. */
    public infix fun exceptAll(other: Query<R>): SetOperationQuery<R> = setOp(SetOperator.EXCEPT, true, other)

    private fun setOp(op: SetOperator, all: Boolean, other: Query<R>): SetOperationQuery<R> {
        if (other.shape.exprs.size != shape.exprs.size) {
            throw InvalidQueryException("$op needs queries of the same width (${shape.exprs.size} vs ${other.shape.exprs.size})")
        }
        return SetOperationQuery(SetOperationNode(statement, op, all, other.statement), shape)
    }

    /** This query preceded by `WITH [RECURSIVE] ctes`. */
    public fun with(vararg ctes: CteDefinition, recursive: Boolean = false): Query<R> =
        Query(WithNode(requireCtes(ctes), recursive, statement), shape)

    /** This query as a FROM item `(…) AS alias`; read its columns with `alias[column]`. */
    public fun asSubquery(alias: String): SubqueryAlias = SubqueryAlias(statement, requireIdentifier(alias, "alias"), lateral = false)

    /** This query as a `LATERAL (…) AS alias` FROM item, which may reference earlier FROM items. */
    public fun asLateral(alias: String): SubqueryAlias = SubqueryAlias(statement, requireIdentifier(alias, "alias"), lateral = true)

    /** This one-column query as a scalar expression `(SELECT …)`; NULL when it returns no row. */
    public fun asExpr(): Expr<R?> {
        if (shape.exprs.size != 1) throw InvalidQueryException("a scalar subquery must select exactly one expression")
        return ScalarSubquery(statement, shape.exprs[0].pgType)
    }

    override fun equals(other: Any?): Boolean = other is Query<*> && other.statement == statement

    override fun hashCode(): Int = statement.hashCode()

    override fun toString(): String = "Query($statement)"
}

internal fun requireCtes(ctes: Array<out CteDefinition>): List<CteDefinition> =
    ctes.toList().ifEmpty { throw InvalidQueryException("WITH needs at least one CTE") }

/**
 * A UNION, INTERSECT or EXCEPT whose ORDER BY, LIMIT and OFFSET apply to the combined result. Every method returns
 * a new, immutable query; combine it further and it is parenthesised as one operand.
 */
public class SetOperationQuery<R> internal constructor(public val node: SetOperationNode, shape: ResultShape<R>) : Query<R>(node, shape) {
    /**
     * `ORDER BY` over the combined result. PostgreSQL sorts a set operation only by its output columns, so each
     * ordering must be on an expression the first query selects; it is rendered as that column's position.
     */
    public fun orderBy(vararg orderings: Ordering): SetOperationQuery<R> =
        SetOperationQuery(node.copy(orderBy = orderings.map(::byPosition)), shape)
    /** `LIMIT count` (bound) on the combined result. */
    public fun limit(count: Long): SetOperationQuery<R> = SetOperationQuery(node.copy(limit = lit(count)), shape)
    /** `OFFSET count` (bound) on the combined result. */
    public fun offset(count: Long): SetOperationQuery<R> = SetOperationQuery(node.copy(offset = lit(count)), shape)

    private fun byPosition(ordering: Ordering): ResultOrdering {
        val at = shape.exprs.indexOfFirst { it == ordering.expr || (it is Aliased<*> && it.expr == ordering.expr) }
        if (at < 0) throw InvalidQueryException("a set operation can only be ordered by a selected expression, not by ${ordering.expr}")
        return ResultOrdering(at + 1, ordering.descending, ordering.nulls)
    }
}

/** A SELECT being built; every method returns a new, immutable query. */
public class SelectQuery<R> internal constructor(public val node: SelectNode, shape: ResultShape<R>) : Query<R>(node, shape) {
    private fun copyWith(node: SelectNode) = SelectQuery(node, shape)

    /** `FROM item`. */
    public fun from(item: FromItem): SelectQuery<R> = copyWith(node.copy(from = item))
    /** `… JOIN right ON on`. */
    public fun innerJoin(right: FromItem, on: Expr<out Boolean?>): SelectQuery<R> = join(JoinKind.INNER, right, on)
    /**
     * `… LEFT JOIN right ON on`; [right] is the nullable view (`Orders.orNull()`): read its columns through it
     * (`side[Orders.total]` is `Column<BigDecimal?>`). Selecting one of [right]'s non-null columns directly throws
     * [InvalidQueryException] here, so the unsafe read never reaches run time. Inner joins are unaffected. The
     * join-first form `Users.leftJoin(Orders, on) { u, o -> select(…) }` hands the block only the view.
     */
    public fun leftJoin(right: NullableSide<*>, on: Expr<out Boolean?>): SelectQuery<R> = join(JoinKind.LEFT, right.source, on)
    /**
     * `… RIGHT JOIN right ON on`; read the earlier FROM items through their `orNull()` view (selecting one of their
     * non-null columns directly throws [InvalidQueryException]).
     */
    public fun rightJoin(right: FromItem, on: Expr<out Boolean?>): SelectQuery<R> = join(JoinKind.RIGHT, right, on)
    /** `… FULL JOIN right ON on`; both sides are nullable, read them through `orNull()` views (as for [leftJoin]). */
    public fun fullJoin(right: NullableSide<*>, on: Expr<out Boolean?>): SelectQuery<R> = join(JoinKind.FULL, right.source, on)
    /** `… CROSS JOIN right` (use [Query.asLateral] for `CROSS JOIN LATERAL`). */
    public fun crossJoin(right: FromItem): SelectQuery<R> = join(JoinKind.CROSS, right, null)

    private fun join(kind: JoinKind, right: FromItem, on: Expr<*>?): SelectQuery<R> {
        val left = node.from ?: throw InvalidQueryException("call from(…) before joining")
        if (kind == JoinKind.LEFT || kind == JoinKind.FULL) requireNullableReads(right, kind)
        if (kind == JoinKind.RIGHT || kind == JoinKind.FULL) requireNullableReads(left, kind)
        return copyWith(node.copy(from = Join(left, kind, right, on)))
    }

    // The projection is fixed before the joins, so a non-null column of a side an outer join may fill with NULLs
    // is refused here, when the query is built, instead of failing on the first unmatched row at run time.
    private fun requireNullableReads(outerSide: FromItem, kind: JoinKind) {
        val owners = ownersIn(outerSide)
        for (expr in node.projection) {
            val column = (if (expr is Aliased<*>) expr.expr else expr) as? Column<*> ?: continue
            if (!column.nullable && column.owner in owners) {
                throw InvalidQueryException(
                    "$column is on the nullable side of a ${kind.sql}; select it through the nullable view " +
                        "(`${column.owner.qualifier}.orNull()[column]`), which reads NULL for rows the join did not match",
                )
            }
        }
    }

    /** This select (built without FROM by a join-first block) reading from [join], checked as the select-first joins are. */
    internal fun selectingFrom(join: Join): SelectQuery<R> {
        if (node.from != null) {
            throw InvalidQueryException("the join supplies FROM; build the select inside the join's block without from(…)")
        }
        return copyWith(node.copy(from = join.left)).join(join.kind, join.right, join.on)
    }

    /** `WHERE condition`; calling it again adds a condition with AND (`.where(a).where(b)` is `WHERE a AND b`). */
    public fun where(condition: Expr<out Boolean?>): SelectQuery<R> = copyWith(node.copy(where = andWhere(node.where, condition)))
    /**
     * `WHERE (conditions so far) OR condition`: `.where(a).where(b).orWhere(c)` is `WHERE (a AND b) OR c`, and a
     * later `.where(d)` applies to the whole: `((a AND b) OR c) AND d`. Throws [InvalidQueryException] without an
     * earlier `where`.
     */
    public fun orWhere(condition: Expr<out Boolean?>): SelectQuery<R> = copyWith(node.copy(where = orWhereClause(node.where, condition)))
    /** `SELECT DISTINCT`. */
    public fun distinct(): SelectQuery<R> = copyWith(node.copy(distinct = true))
    /** `SELECT DISTINCT ON (exprs)`. */
    public fun distinctOn(vararg exprs: Expr<*>): SelectQuery<R> = copyWith(node.copy(distinctOn = exprs.toList()))
    /** `GROUP BY exprs`. */
    public fun groupBy(vararg exprs: Expr<*>): SelectQuery<R> = copyWith(node.copy(groupBy = exprs.toList()))
    /** `HAVING condition`. */
    public fun having(condition: Expr<out Boolean?>): SelectQuery<R> = copyWith(node.copy(having = condition))
    /** `ORDER BY orderings`. */
    public fun orderBy(vararg orderings: Ordering): SelectQuery<R> = copyWith(node.copy(orderBy = orderings.toList()))
    /** `LIMIT count` (bound). */
    public fun limit(count: Long): SelectQuery<R> = copyWith(node.copy(limit = lit(count)))
    /** `OFFSET count` (bound). */
    public fun offset(count: Long): SelectQuery<R> = copyWith(node.copy(offset = lit(count)))
    /** `FOR UPDATE [NOWAIT|SKIP LOCKED]`. */
    @JvmOverloads
    public fun forUpdate(wait: LockWait = LockWait.WAIT): SelectQuery<R> = copyWith(node.copy(locking = Locking(LockStrength.UPDATE, wait)))
    /** `FOR SHARE [NOWAIT|SKIP LOCKED]`. */
    @JvmOverloads
    public fun forShare(wait: LockWait = LockWait.WAIT): SelectQuery<R> = copyWith(node.copy(locking = Locking(LockStrength.SHARE, wait)))
    /** Any row-locking clause. */
    public fun locking(locking: Locking): SelectQuery<R> = copyWith(node.copy(locking = locking))
}
