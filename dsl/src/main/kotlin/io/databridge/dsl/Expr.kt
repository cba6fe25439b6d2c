package io.databridge.dsl

import io.databridge.dsl.types.PgType

/**
 * A typed SQL expression whose value reads back as [T] (nullable when the SQL value can be NULL).
 *
 * Type safety: [T] is invariant and every operator takes its operand type from the receiver, so comparing an
 * `Expr<String>` with an `Int` or an `Expr<Int>` does not compile; arithmetic exists only for `Number` types,
 * `||`/LIKE only for `String` types. Literal values always become bound parameters ([Param]).
 * Nullability: arithmetic, functions, aggregates, outer-join columns (`orNull()`) and scalar subqueries carry
 * `T?` where SQL can yield NULL; predicates are typed `Expr<Boolean>` (SQL NULL acts as false where they are used).
 * Expressions are immutable plain data with structural equality; [io.databridge.dsl.render] turns them into SQL.
 */
public sealed interface Expr<T> {
    /** The PostgreSQL type of the value (its non-null base type). */
    public val pgType: PgType<*>
}

/** A column of [owner]; [nullable] is reflected in [T] (`Column<Int?>`). */
@ConsistentCopyVisibility
public data class Column<T> internal constructor(
    val owner: ColumnOwner,
    val name: String,
    override val pgType: PgType<*>,
    val nullable: Boolean,
) : Expr<T> {
    override fun toString(): String = "${owner.qualifier}.$name"
}

/**
 * A bound parameter: [value] is never spliced into SQL. Equality deliberately ignores [value]: a parameter is a
 * slot of the query's SHAPE, which is what the render cache keys on (two queries differing only in values share
 * one rendering). Compare the rendered parameter lists to compare values.
 */
public class Param<T> internal constructor(public val value: Any?, override val pgType: PgType<*>) : Expr<T> {
    init {
        if (value != null) pgType.validate(value)
    }

    override fun equals(other: Any?): Boolean = other is Param<*> && other.pgType == pgType

    override fun hashCode(): Int = pgType.hashCode() + 17

    override fun toString(): String = "Param(${pgType.sqlName})"
}

/** `left op right` for a fixed operator of the DSL (comparison, arithmetic, `||`, LIKE, JSON, array…). */
@ConsistentCopyVisibility
public data class BinaryOp<T> internal constructor(
    val left: Expr<*>,
    val operator: String,
    val right: Expr<*>,
    override val pgType: PgType<*>,
) : Expr<T>

/** `AND`/`OR` over [operands]. */
@ConsistentCopyVisibility
public data class Logical internal constructor(val and: Boolean, val operands: List<Expr<*>>) : Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** `NOT operand`. */
@ConsistentCopyVisibility
public data class Not internal constructor(val operand: Expr<*>) : Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** `operand IS [NOT] NULL`. */
@ConsistentCopyVisibility
public data class NullTest internal constructor(val operand: Expr<*>, val negated: Boolean) : Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** `operand [NOT] IN (values…)`. */
@ConsistentCopyVisibility
public data class InList internal constructor(val operand: Expr<*>, val values: List<Expr<*>>, val negated: Boolean) :
    Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** `operand [NOT] IN (subquery)`. */
@ConsistentCopyVisibility
public data class InSubquery internal constructor(val operand: Expr<*>, val query: Statement, val negated: Boolean) :
    Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** `[NOT] EXISTS (subquery)`. */
@ConsistentCopyVisibility
public data class Exists internal constructor(val query: Statement, val negated: Boolean) : Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** `operand [NOT] BETWEEN low AND high`. */
@ConsistentCopyVisibility
public data class Between internal constructor(val operand: Expr<*>, val low: Expr<*>, val high: Expr<*>, val negated: Boolean) :
    Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** One `WHEN condition THEN result` branch of a [Case]. */
@ConsistentCopyVisibility
public data class WhenThen internal constructor(val condition: Expr<*>, val result: Expr<*>)

/** `CASE WHEN … THEN … [ELSE …] END`. */
@ConsistentCopyVisibility
public data class Case<T> internal constructor(val branches: List<WhenThen>, val orElse: Expr<*>?, override val pgType: PgType<*>) :
    Expr<T>

/** `CAST(operand AS pgType)`. */
@ConsistentCopyVisibility
public data class Cast<T> internal constructor(val operand: Expr<*>, override val pgType: PgType<*>) : Expr<T>

/**
 * A function or aggregate call `name([DISTINCT] args [ORDER BY …]) [FILTER (WHERE filter)]`; [star] renders
 * `count(*)`. [name] is either one of the DSL's own functions or a validated identifier; [aggregate] marks the
 * DSL's aggregates, the only calls that take a [filter].
 */
@ConsistentCopyVisibility
public data class Call<T> internal constructor(
    val name: String,
    val args: List<Expr<*>>,
    override val pgType: PgType<*>,
    val distinct: Boolean = false,
    val star: Boolean = false,
    val orderBy: List<Ordering> = emptyList(),
    val aggregate: Boolean = false,
    val filter: Expr<*>? = null,
) : Expr<T>

/** `call OVER (PARTITION BY … ORDER BY … frame)`. */
@ConsistentCopyVisibility
public data class WindowCall<T> internal constructor(val call: Expr<*>, val window: Window) : Expr<T> {
    override val pgType: PgType<*> get() = call.pgType
}

/** `operand op ANY(array)` or `operand op ALL(array)`. */
@ConsistentCopyVisibility
public data class Quantified internal constructor(val operand: Expr<*>, val operator: String, val array: Expr<*>, val all: Boolean) :
    Expr<Boolean> {
    override val pgType: PgType<*> get() = BOOL
}

/** A subquery used as a scalar value: `(SELECT …)`. */
@ConsistentCopyVisibility
public data class ScalarSubquery<T> internal constructor(val query: Statement, override val pgType: PgType<*>) : Expr<T>

/** A custom SQL fragment: [parts] are the user's text between placeholders, [args] are bound in between. */
@ConsistentCopyVisibility
public data class Fragment<T> internal constructor(val parts: List<String>, val args: List<Expr<*>>, override val pgType: PgType<*>) :
    Expr<T>

/** [expr] named [alias] in a select list (`expr AS "alias"`), so a subquery or CTE can expose it as a column. */
@ConsistentCopyVisibility
public data class Aliased<T> internal constructor(val expr: Expr<T>, val alias: String) : Expr<T> {
    override val pgType: PgType<*> get() = expr.pgType
}

/** `expr [ASC|DESC] [NULLS FIRST|LAST]` in ORDER BY. */
@ConsistentCopyVisibility
public data class Ordering internal constructor(val expr: Expr<*>, val descending: Boolean, val nulls: Nulls?)

/** Where NULLs sort in an [Ordering]. */
public enum class Nulls { FIRST, LAST }

internal val BOOL: PgType<Boolean> = io.databridge.dsl.types.PgTypes.bool
