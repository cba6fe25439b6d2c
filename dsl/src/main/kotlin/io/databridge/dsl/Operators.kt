package io.databridge.dsl

internal fun <T> Expr<T>.bind(value: T): Expr<T> = Param(value, pgType)

private fun <T> Expr<*>.compare(op: String, right: Expr<*>): Expr<Boolean> = BinaryOp(this, op, right, BOOL)

/**
 * `this = value`; a null [value] renders `this IS NULL` (as in Exposed), since `= NULL` is never true in SQL and
 * would silently match nothing.
 */
public infix fun <T> Expr<T>.eq(value: T): Expr<Boolean> =
    if (value == null) NullTest(this, negated = false) else compare<Boolean>("=", bind(value))
/** `this = other`. */
public infix fun <T> Expr<T>.eq(other: Expr<out T?>): Expr<Boolean> = compare<Boolean>("=", other)
/** `this <> value`; a null [value] renders `this IS NOT NULL` (`<> NULL` is never true in SQL). */
public infix fun <T> Expr<T>.neq(value: T): Expr<Boolean> =
    if (value == null) NullTest(this, negated = true) else compare<Boolean>("<>", bind(value))
/** `this <> other`. */
public infix fun <T> Expr<T>.neq(other: Expr<out T?>): Expr<Boolean> = compare<Boolean>("<>", other)
/** `this < value`. */
public infix fun <T> Expr<T>.lt(value: T): Expr<Boolean> = compare<Boolean>("<", bind(value))
/** `this < other`. */
public infix fun <T> Expr<T>.lt(other: Expr<out T?>): Expr<Boolean> = compare<Boolean>("<", other)
/** `this <= value`. */
public infix fun <T> Expr<T>.lte(value: T): Expr<Boolean> = compare<Boolean>("<=", bind(value))
/** `this <= other`. */
public infix fun <T> Expr<T>.lte(other: Expr<out T?>): Expr<Boolean> = compare<Boolean>("<=", other)
/** `this > value`. */
public infix fun <T> Expr<T>.gt(value: T): Expr<Boolean> = compare<Boolean>(">", bind(value))
/** `this > other`. */
public infix fun <T> Expr<T>.gt(other: Expr<out T?>): Expr<Boolean> = compare<Boolean>(">", other)
/** `this >= value`. */
public infix fun <T> Expr<T>.gte(value: T): Expr<Boolean> = compare<Boolean>(">=", bind(value))
/** `this >= other`. */
public infix fun <T> Expr<T>.gte(other: Expr<out T?>): Expr<Boolean> = compare<Boolean>(">=", other)
/** `this IS DISTINCT FROM value` (NULL-safe inequality). */
public infix fun <T> Expr<T>.isDistinctFrom(value: T): Expr<Boolean> = compare<Boolean>("IS DISTINCT FROM", bind(value))
/** `this IS DISTINCT FROM other`. */
public infix fun <T> Expr<T>.isDistinctFrom(other: Expr<out T?>): Expr<Boolean> = compare<Boolean>("IS DISTINCT FROM", other)
/** `this IS NOT DISTINCT FROM value` (NULL-safe equality). */
public infix fun <T> Expr<T>.isNotDistinctFrom(value: T): Expr<Boolean> = compare<Boolean>("IS NOT DISTINCT FROM", bind(value))
/** `this IS NOT DISTINCT FROM other`. */
public infix fun <T> Expr<T>.isNotDistinctFrom(other: Expr<out T?>): Expr<Boolean> =
    compare<Boolean>("IS NOT DISTINCT FROM", other)

/** `this IS NULL`. */
public fun Expr<*>.isNull(): Expr<Boolean> = NullTest(this, negated = false)
/** `this IS NOT NULL`. */
public fun Expr<*>.isNotNull(): Expr<Boolean> = NullTest(this, negated = true)

/** `this AND other` (a chain of ANDs stays one flat list). */
public infix fun Expr<out Boolean?>.and(other: Expr<out Boolean?>): Expr<Boolean> = chain(true, this, other)
/** `this OR other` (a chain of ORs stays one flat list). */
public infix fun Expr<out Boolean?>.or(other: Expr<out Boolean?>): Expr<Boolean> = chain(false, this, other)

/** A WHERE clause that already holds [existing] (or none) after one more `.where(condition)`: both must hold. */
internal fun andWhere(existing: Expr<*>?, condition: Expr<*>): Expr<*> = if (existing == null) condition else chain(true, existing, condition)

/**
 * A WHERE clause that holds [existing] after `.orWhere(condition)`: either holds. Without an earlier condition it is
 * refused, since on an UPDATE or DELETE no condition means every row, which an OR would silently keep.
 */
internal fun orWhereClause(existing: Expr<*>?, condition: Expr<*>): Expr<*> =
    if (existing == null) {
        throw InvalidQueryException("orWhere(…) needs an earlier where(…) to combine with; start with where(…)")
    } else {
        chain(false, existing, condition)
    }

private fun chain(and: Boolean, left: Expr<*>, right: Expr<*>): Expr<Boolean> =
    if (left is Logical && left.and == and) Logical(and, left.operands + right) else Logical(and, listOf(left, right))
/** `NOT condition`. */
public fun not(condition: Expr<out Boolean?>): Expr<Boolean> = Not(condition)
/** All [conditions] joined with AND (TRUE-less: needs at least one). */
public fun allOf(vararg conditions: Expr<out Boolean?>): Expr<Boolean> = Logical(true, nonEmpty(conditions.toList(), "allOf"))
/** Any of [conditions] joined with OR (needs at least one). */
public fun anyOf(vararg conditions: Expr<out Boolean?>): Expr<Boolean> = Logical(false, nonEmpty(conditions.toList(), "anyOf"))

private fun <E> nonEmpty(list: List<E>, what: String): List<E> =
    list.ifEmpty { throw InvalidQueryException("$what needs at least one condition") }

private fun <T> Expr<T>.arithmetic(op: String, right: Expr<*>): Expr<T> = BinaryOp(this, op, right, pgType)

/** `this + value` (numeric types only). */
public operator fun <T : Number?> Expr<T>.plus(value: T): Expr<T> = arithmetic("+", bind(value))
/** `this + other` (numeric types only; a nullable receiver takes a nullable or non-null operand). */
public operator fun <T : Number?> Expr<T>.plus(other: Expr<out T>): Expr<T> = arithmetic("+", other)
/** `this - value`. */
public operator fun <T : Number?> Expr<T>.minus(value: T): Expr<T> = arithmetic("-", bind(value))
/** `this - other`. */
public operator fun <T : Number?> Expr<T>.minus(other: Expr<out T>): Expr<T> = arithmetic("-", other)
/** `this * value`. */
public operator fun <T : Number?> Expr<T>.times(value: T): Expr<T> = arithmetic("*", bind(value))
/** `this * other`. */
public operator fun <T : Number?> Expr<T>.times(other: Expr<out T>): Expr<T> = arithmetic("*", other)
/** `this / value` (integer division for integer types, as in PostgreSQL). */
public operator fun <T : Number?> Expr<T>.div(value: T): Expr<T> = arithmetic("/", bind(value))
/** `this / other`. */
public operator fun <T : Number?> Expr<T>.div(other: Expr<out T>): Expr<T> = arithmetic("/", other)
/** `this % value`. */
public operator fun <T : Number?> Expr<T>.rem(value: T): Expr<T> = arithmetic("%", bind(value))
/** `this % other`. */
public operator fun <T : Number?> Expr<T>.rem(other: Expr<out T>): Expr<T> = arithmetic("%", other)

/** `this || value` (string concatenation). */
public infix fun <T : String?> Expr<T>.concat(value: T): Expr<T> = arithmetic("||", bind(value))
/** `this || other`. */
public infix fun <T : String?> Expr<T>.concat(other: Expr<out T>): Expr<T> = arithmetic("||", other)
/** `this LIKE pattern`. */
public infix fun <T : String?> Expr<T>.like(pattern: String): Expr<Boolean> = compare<Boolean>("LIKE", Param<String>(pattern, pgType))
/** `this NOT LIKE pattern`. */
public infix fun <T : String?> Expr<T>.notLike(pattern: String): Expr<Boolean> = compare<Boolean>("NOT LIKE", Param<String>(pattern, pgType))
/** `this ILIKE pattern` (case-insensitive). */
public infix fun <T : String?> Expr<T>.ilike(pattern: String): Expr<Boolean> = compare<Boolean>("ILIKE", Param<String>(pattern, pgType))
/** `this NOT ILIKE pattern`. */
public infix fun <T : String?> Expr<T>.notIlike(pattern: String): Expr<Boolean> = compare<Boolean>("NOT ILIKE", Param<String>(pattern, pgType))

/** `this IN (values…)`; an empty collection renders FALSE. */
public infix fun <T> Expr<T>.inList(values: Collection<T>): Expr<Boolean> = InList(this, values.map { bind(it) }, negated = false)
/** `this NOT IN (values…)`; an empty collection renders TRUE. */
public infix fun <T> Expr<T>.notInList(values: Collection<T>): Expr<Boolean> = InList(this, values.map { bind(it) }, negated = true)
/** `this IN (subquery)` for a one-column query of the same type. */
public infix fun <T> Expr<T>.inQuery(query: Query<out T?>): Expr<Boolean> = InSubquery(this, query.statement, negated = false)
/** `this NOT IN (subquery)`. */
public infix fun <T> Expr<T>.notInQuery(query: Query<out T?>): Expr<Boolean> = InSubquery(this, query.statement, negated = true)
/** `EXISTS (query)`. */
public fun exists(query: Query<*>): Expr<Boolean> = Exists(query.statement, negated = false)
/** `NOT EXISTS (query)`. */
public fun notExists(query: Query<*>): Expr<Boolean> = Exists(query.statement, negated = true)
/** `this BETWEEN low AND high`. */
public fun <T> Expr<T>.between(low: T, high: T): Expr<Boolean> = Between(this, bind(low), bind(high), negated = false)
/** `this NOT BETWEEN low AND high`. */
public fun <T> Expr<T>.notBetween(low: T, high: T): Expr<Boolean> = Between(this, bind(low), bind(high), negated = true)

/** Ascending order, with optional NULLS placement. */
public fun Expr<*>.asc(nulls: Nulls? = null): Ordering = Ordering(this, descending = false, nulls = nulls)
/** Descending order, with optional NULLS placement. */
public fun Expr<*>.desc(nulls: Nulls? = null): Ordering = Ordering(this, descending = true, nulls = nulls)

/** This expression named [alias] in a select list (`AS "alias"`). */
public fun <T> Expr<T>.alias(alias: String): Aliased<T> = Aliased(this, requireIdentifier(alias, "alias"))
