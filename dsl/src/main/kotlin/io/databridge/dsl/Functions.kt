package io.databridge.dsl

import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.PgTypes
import java.math.BigDecimal
import java.time.LocalDate
import java.time.OffsetDateTime

/** `CAST(this AS type)`; the result is nullable exactly when the source is. */
public fun <T : Any> Expr<*>.cast(type: PgType<T>): Expr<T> = Cast(this, type)

/** `CAST(this AS type)` for a source that may be NULL. */
public fun <T : Any> Expr<*>.castNullable(type: PgType<T>): Expr<T?> = Cast(this, type)

/** `COALESCE(this, fallback)`: never NULL. */
public fun <T : Any> Expr<T?>.ifNull(fallback: T): Expr<T> = Call("coalesce", listOf(this, bind(fallback)), pgType)

/** `COALESCE(this, fallback)`: never NULL. */
public fun <T : Any> Expr<T?>.ifNull(fallback: Expr<T>): Expr<T> = Call("coalesce", listOf(this, fallback), pgType)

/** `COALESCE(first, others…)`: NULL only when all are. */
public fun <T : Any> coalesce(first: Expr<T?>, vararg others: Expr<out T?>): Expr<T?> =
    Call("coalesce", listOf(first) + others, first.pgType)

/** `NULLIF(this, value)`: NULL when equal. */
public fun <T> Expr<T>.nullIf(value: T): Expr<T?> = Call("nullif", listOf(this, bind(value)), pgType)

/** Starts `CASE WHEN condition THEN result …`. */
public fun <T> case(condition: Expr<out Boolean?>, result: Expr<T>): CaseBuilder<T> = CaseBuilder(listOf(WhenThen(condition, result)), result.pgType)

/** A CASE expression being built: add branches with [whenThen], finish with [otherwise] or [end]. */
public class CaseBuilder<T> internal constructor(private val branches: List<WhenThen>, private val type: PgType<*>) {
    /** Adds `WHEN condition THEN result`. */
    public fun whenThen(condition: Expr<out Boolean?>, result: Expr<T>): CaseBuilder<T> =
        CaseBuilder(branches + WhenThen(condition, result), type)

    /** Adds `WHEN condition THEN value` with [value] bound. */
    public fun whenThen(condition: Expr<out Boolean?>, value: T): CaseBuilder<T> =
        CaseBuilder(branches + WhenThen(condition, Param<T>(value, type)), type)

    /** Finishes with `ELSE result END`. */
    public fun otherwise(result: Expr<T>): Expr<T> = Case(branches, result, type)

    /** Finishes with `ELSE value END`, [value] bound. */
    public fun otherwise(value: T): Expr<T> = Case(branches, Param<T>(value, type), type)

    /** Finishes without ELSE: unmatched rows give NULL. */
    public fun end(): Expr<T?> = Case(branches, null, type)
}

private fun <T> call(name: String, type: PgType<*>, vararg args: Expr<*>): Expr<T> = Call(name, args.toList(), type)

/** `lower(this)`. */
public fun <T : String?> Expr<T>.lower(): Expr<T> = call("lower", pgType, this)
/** `upper(this)`. */
public fun <T : String?> Expr<T>.upper(): Expr<T> = call("upper", pgType, this)
/** `trim(this)`. */
public fun <T : String?> Expr<T>.trim(): Expr<T> = call("btrim", pgType, this)
/** `length(this)` in characters. */
public fun Expr<out String?>.length(): Expr<Int> = call("length", PgTypes.int4, this)
/** `substr(this, from, count)` (1-based). */
public fun <T : String?> Expr<T>.substring(from: Int, count: Int): Expr<T> = call("substr", pgType, this, lit(from), lit(count))
/** `abs(this)`. */
public fun <T : Number?> Expr<T>.abs(): Expr<T> = call("abs", pgType, this)
/** `round(this, scale)` on numeric. */
public fun <T : BigDecimal?> Expr<T>.round(scale: Int = 0): Expr<T> = call("round", pgType, this, lit(scale))
/** `now()`: the transaction's start time. */
public fun now(): Expr<OffsetDateTime> = call("now", PgTypes.timestamptz)
/** `current_date`. */
public fun currentDate(): Expr<LocalDate> = call("current_date", PgTypes.date)
/** `gen_random_uuid()`. */
public fun randomUuid(): Expr<java.util.UUID> = call("gen_random_uuid", PgTypes.uuid)

/** A call of the SQL function [name] (a plain identifier, written unquoted) returning [type]; args are expressions or bound values. */
public fun <T : Any> function(name: String, type: PgType<T>, vararg args: Any?): Expr<T?> =
    Call(requireFunctionName(name), args.map(::inferredParam), type)

/** `count(*)`. */
public fun countAll(): Expr<Long> = Call("count", emptyList(), PgTypes.int8, star = true, aggregate = true)
/** `count(expr)`: rows where [expr] is not NULL. */
public fun count(expr: Expr<*>): Expr<Long> = aggregate("count", PgTypes.int8, expr)
/** `count(DISTINCT expr)`. */
public fun countDistinct(expr: Expr<*>): Expr<Long> = Call("count", listOf(expr), PgTypes.int8, distinct = true, aggregate = true)
/** `sum(int2/int4)`, which PostgreSQL returns as int8. */
@JvmName("sumInt")
public fun sum(expr: Expr<out Int?>): Expr<Long?> = aggregate("sum", PgTypes.int8, expr)
/** `sum(int8)`, which PostgreSQL returns as numeric. */
@JvmName("sumLong")
public fun sum(expr: Expr<out Long?>): Expr<BigDecimal?> = aggregate("sum", PgTypes.numeric, expr)
/** `sum(numeric)`. */
@JvmName("sumDecimal")
public fun sum(expr: Expr<out BigDecimal?>): Expr<BigDecimal?> = aggregate("sum", expr.pgType, expr)
/** `sum(float8)`. */
@JvmName("sumDouble")
public fun sum(expr: Expr<out Double?>): Expr<Double?> = aggregate("sum", PgTypes.float8, expr)
/** `avg(integer or numeric)`, returned as numeric. */
public fun avg(expr: Expr<out Number?>): Expr<BigDecimal?> =
    if (expr.pgType == PgTypes.float8 || expr.pgType == PgTypes.float4) Cast(aggregate<Double?>("avg", PgTypes.float8, expr), PgTypes.numeric)
    else aggregate("avg", PgTypes.numeric, expr)
/** `min(expr)`. */
public fun <T : Any> min(expr: Expr<out T?>): Expr<T?> = aggregate("min", expr.pgType, expr)
/** `max(expr)`. */
public fun <T : Any> max(expr: Expr<out T?>): Expr<T?> = aggregate("max", expr.pgType, expr)
/** `bool_and(expr)`. */
public fun boolAnd(expr: Expr<out Boolean?>): Expr<Boolean?> = aggregate("bool_and", BOOL, expr)
/** `bool_or(expr)`. */
public fun boolOr(expr: Expr<out Boolean?>): Expr<Boolean?> = aggregate("bool_or", BOOL, expr)
/** `string_agg(expr, delimiter ORDER BY …)`. */
public fun stringAgg(expr: Expr<out String?>, delimiter: String, vararg orderBy: Ordering): Expr<String?> =
    Call("string_agg", listOf(expr, lit(delimiter)), PgTypes.text, orderBy = orderBy.toList(), aggregate = true)
/** `array_agg(expr ORDER BY …)`; elements may be NULL. */
public fun <T : Any> arrayAgg(expr: Expr<out T?>, vararg orderBy: Ordering): Expr<List<T?>?> =
    Call("array_agg", listOf(expr), PgTypes.arrayOfNullable(expr.pgType), orderBy = orderBy.toList(), aggregate = true)

private fun <T> aggregate(name: String, type: PgType<*>, expr: Expr<*>): Expr<T> = Call(name, listOf(expr), type, aggregate = true)

/**
 * This aggregate counting only the rows where [condition] holds: `agg(…) FILTER (WHERE condition)`. Works on the
 * DSL's aggregates (count, sum, avg, min, max, bool_and/or, string_agg, array_agg), also before [over] for a
 * filtered window aggregate; a second filter replaces the first. Other expressions are refused.
 */
public fun <T> Expr<T>.filter(condition: Expr<out Boolean?>): Expr<T> = when {
    this is Call<T> && aggregate -> copy(filter = condition)
    // avg over floating point is an aggregate wrapped in a CAST; the filter belongs to the aggregate inside.
    this is Cast<T> && operand is Call<*> && operand.aggregate -> Cast(operand.filter(condition), pgType)
    else -> throw InvalidQueryException("FILTER (WHERE …) applies to aggregates only, not to $this")
}

/** `row_number()` (use with [over]). */
public fun rowNumber(): Expr<Long> = call("row_number", PgTypes.int8)
/** `rank()` (use with [over]). */
public fun rank(): Expr<Long> = call("rank", PgTypes.int8)
/** `dense_rank()` (use with [over]). */
public fun denseRank(): Expr<Long> = call("dense_rank", PgTypes.int8)
/** `lag(expr, offset)` (use with [over]); NULL before the first row. */
public fun <T> lag(expr: Expr<T>, offset: Int = 1): Expr<T?> = call("lag", expr.pgType, expr, lit(offset))
/** `lead(expr, offset)` (use with [over]); NULL after the last row. */
public fun <T> lead(expr: Expr<T>, offset: Int = 1): Expr<T?> = call("lead", expr.pgType, expr, lit(offset))

/**
 * A custom SQL fragment of type [type]: each `?` in [sql] is replaced by the next of [args] (an [Expr], or a
 * value bound as a parameter); write `??` for a literal `?`. Values are never spliced into the text; [sql]
 * itself is trusted and must not be built from user input.
 */
public fun <T : Any> sql(type: PgType<T>, sql: String, vararg args: Any?): Expr<T> {
    val (parts, bound) = splitFragment(sql, args)
    return Fragment(parts, bound, type)
}

internal fun splitFragment(sql: String, args: Array<out Any?>): Pair<List<String>, List<Expr<*>>> {
    val parts = ArrayList<String>(args.size + 1)
    val current = StringBuilder()
    var i = 0
    while (i < sql.length) {
        val c = sql[i]
        if (c == '?' && i + 1 < sql.length && sql[i + 1] == '?') {
            current.append('?'); i += 2; continue
        }
        if (c == '?') {
            parts += current.toString(); current.setLength(0)
        } else {
            current.append(c)
        }
        i++
    }
    parts += current.toString()
    if (parts.size - 1 != args.size) {
        throw InvalidQueryException("SQL fragment has ${parts.size - 1} placeholders but ${args.size} arguments")
    }
    return parts to args.map(::inferredParam)
}
