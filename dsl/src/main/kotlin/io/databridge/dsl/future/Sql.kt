package io.databridge.dsl.future

import io.databridge.dsl.Aliased
import io.databridge.dsl.CaseBuilder
import io.databridge.dsl.Column
import io.databridge.dsl.CteDefinition
import io.databridge.dsl.Expr
import io.databridge.dsl.FrameBound
import io.databridge.dsl.FromItem
import io.databridge.dsl.NullableSide
import io.databridge.dsl.Nulls
import io.databridge.dsl.Ordering
import io.databridge.dsl.Query
import io.databridge.dsl.RawStatement
import io.databridge.dsl.ResultRow
import io.databridge.dsl.SelectQuery
import io.databridge.dsl.SelectNode
import io.databridge.dsl.Table
import io.databridge.dsl.TupleShape
import io.databridge.dsl.TableAlias
import io.databridge.dsl.ValuesBuilder
import io.databridge.dsl.Window
import io.databridge.dsl.abs
import io.databridge.dsl.alias
import io.databridge.dsl.asc
import io.databridge.dsl.between
import io.databridge.dsl.cast
import io.databridge.dsl.castNullable
import io.databridge.dsl.concat
import io.databridge.dsl.containsAll
import io.databridge.dsl.delete
import io.databridge.dsl.desc
import io.databridge.dsl.div
import io.databridge.dsl.eq
import io.databridge.dsl.eqAny
import io.databridge.dsl.gt
import io.databridge.dsl.gte
import io.databridge.dsl.hasKey
import io.databridge.dsl.ifNull
import io.databridge.dsl.ilike
import io.databridge.dsl.inList
import io.databridge.dsl.inQuery
import io.databridge.dsl.insert
import io.databridge.dsl.insertAll
import io.databridge.dsl.insertFrom
import io.databridge.dsl.isDistinctFrom
import io.databridge.dsl.isNotDistinctFrom
import io.databridge.dsl.isNotNull
import io.databridge.dsl.isNull
import io.databridge.dsl.jsonContains
import io.databridge.dsl.jsonContainsPartial
import io.databridge.dsl.l2Distance
import io.databridge.dsl.cosineDistance
import io.databridge.dsl.negativeInnerProduct
import io.databridge.dsl.field
import io.databridge.dsl.jsonField
import io.databridge.dsl.jsonPath
import io.databridge.dsl.jsonText
import io.databridge.dsl.length
import io.databridge.dsl.like
import io.databridge.dsl.lower
import io.databridge.dsl.lt
import io.databridge.dsl.lte
import io.databridge.dsl.mapRows
import io.databridge.dsl.minus
import io.databridge.dsl.neq
import io.databridge.dsl.notBetween
import io.databridge.dsl.notIlike
import io.databridge.dsl.notInList
import io.databridge.dsl.notInQuery
import io.databridge.dsl.notLike
import io.databridge.dsl.nullIf
import io.databridge.dsl.orNull
import io.databridge.dsl.over
import io.databridge.dsl.overlaps
import io.databridge.dsl.plus
import io.databridge.dsl.rem
import io.databridge.dsl.round
import io.databridge.dsl.selectAll
import io.databridge.dsl.substring
import io.databridge.dsl.times
import io.databridge.dsl.trim
import io.databridge.dsl.types.CompositeAttribute
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.PgTypes
import io.databridge.dsl.update
import io.databridge.dsl.upper
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.JsonElement
import java.math.BigDecimal
import java.time.LocalDate
import java.time.OffsetDateTime
import java.util.UUID
import java.util.function.BiConsumer
import java.util.function.Consumer

/**
 * The DSL's entry point for Java: `import static io.databridge.dsl.future.Sql.*;`, then
 * `select(USERS.name).from(USERS).where(gt(USERS.age, 18))`, run with [FutureSqlExecutor].
 *
 * - Tables are Java subclasses of [Table] calling its protected column factories:
 *   `final Column<Integer> age = nullable(int4("age"));`. Java generics cannot carry Kotlin's `Column<Int?>`, so a
 *   nullable column says so where it is declared (`nullable(…)`, also visible at run time as `getNullable()`), and
 *   reading it may return null; a column declared without it never yields null (a NULL fails the read with
 *   `UnexpectedNullException`).
 * - Expressions are static functions taking the operand first (`eq(USERS.id, 1)`, `and(a, b)`), not methods on
 *   columns: `Expr` is the Kotlin DSL's sealed tree, whose operators are infix extensions that members would shadow,
 *   and wrapping columns for Java would give Java its own tree type to unwrap everywhere. So Java builds the very
 *   nodes Kotlin builds (same equality, same render cache entries), `row.get(USERS.email)` takes the declared column,
 *   and the compiler still refuses `eq(USERS.name, 1)`. Names Java reserves are spelled `caseWhen`; integer and
 *   decimal sums are `sumInt`/`sumLong`/`sumDecimal`/`sumDouble` because Java erases the overloads' types.
 * - Selects chain their clauses on the returned query; insert, update and delete start here, take values through a
 *   `Consumer<ValuesBuilder>` (`v -> v.set(USERS.name, "x")`) and must say `.where(…)` or `.allRows()`.
 * - Values are always bound parameters; names are validated identifiers, always quoted.
 */
public object Sql {
    // ---- values ----

    /** [value] bound as a parameter of [type]. */
    @JvmStatic public fun <T : Any> param(value: T, type: PgType<T>): Expr<T> = io.databridge.dsl.param(value, type)

    /** [value], possibly null, bound as a parameter of [type]. */
    @JvmStatic public fun <T : Any> nullableParam(value: T?, type: PgType<T>): Expr<T?> = io.databridge.dsl.nullableParam(value, type)

    /** [value] bound as an `int4` parameter. */
    @JvmStatic public fun value(value: Int): Expr<Int> = io.databridge.dsl.lit(value)

    /** [value] bound as an `int8` parameter. */
    @JvmStatic public fun value(value: Long): Expr<Long> = io.databridge.dsl.lit(value)

    /** [value] bound as a `text` parameter. */
    @JvmStatic public fun value(value: String): Expr<String> = io.databridge.dsl.lit(value)

    /** [value] bound as a `bool` parameter. */
    @JvmStatic public fun value(value: Boolean): Expr<Boolean> = io.databridge.dsl.lit(value)

    /** [value] bound as a `float8` parameter. */
    @JvmStatic public fun value(value: Double): Expr<Double> = io.databridge.dsl.lit(value)

    /** [value] bound as a `numeric` parameter. */
    @JvmStatic public fun value(value: BigDecimal): Expr<BigDecimal> = io.databridge.dsl.lit(value)

    /** The PostgreSQL enum type [typeName] mapped to the Java enum [enumClass] by constant name. */
    @JvmStatic
    public fun <E : Enum<E>> enumType(typeName: String, enumClass: Class<E>): PgType<E> =
        PgTypes.enum(typeName, enumClass.kotlin, enumClass.enumConstants.toList()) { it.name }

    // ---- comparisons ----

    /** `left = value`. */
    @JvmStatic public fun <T> eq(left: Expr<T>, value: T): Expr<Boolean> = left.eq(value)

    /** `left = right`. */
    @JvmStatic public fun <T> eq(left: Expr<T>, right: Expr<out T?>): Expr<Boolean> = left.eq(right)

    /** `left <> value`. */
    @JvmStatic public fun <T> neq(left: Expr<T>, value: T): Expr<Boolean> = left.neq(value)

    /** `left <> right`. */
    @JvmStatic public fun <T> neq(left: Expr<T>, right: Expr<out T?>): Expr<Boolean> = left.neq(right)

    /** `left < value`. */
    @JvmStatic public fun <T> lt(left: Expr<T>, value: T): Expr<Boolean> = left.lt(value)

    /** `left < right`. */
    @JvmStatic public fun <T> lt(left: Expr<T>, right: Expr<out T?>): Expr<Boolean> = left.lt(right)

    /** `left <= value`. */
    @JvmStatic public fun <T> lte(left: Expr<T>, value: T): Expr<Boolean> = left.lte(value)

    /** `left <= right`. */
    @JvmStatic public fun <T> lte(left: Expr<T>, right: Expr<out T?>): Expr<Boolean> = left.lte(right)

    /** `left > value`. */
    @JvmStatic public fun <T> gt(left: Expr<T>, value: T): Expr<Boolean> = left.gt(value)

    /** `left > right`. */
    @JvmStatic public fun <T> gt(left: Expr<T>, right: Expr<out T?>): Expr<Boolean> = left.gt(right)

    /** `left >= value`. */
    @JvmStatic public fun <T> gte(left: Expr<T>, value: T): Expr<Boolean> = left.gte(value)

    /** `left >= right`. */
    @JvmStatic public fun <T> gte(left: Expr<T>, right: Expr<out T?>): Expr<Boolean> = left.gte(right)

    /** `left IS DISTINCT FROM value` (NULL-safe inequality). */
    @JvmStatic public fun <T> isDistinctFrom(left: Expr<T>, value: T): Expr<Boolean> = left.isDistinctFrom(value)

    /** `left IS NOT DISTINCT FROM value` (NULL-safe equality). */
    @JvmStatic public fun <T> isNotDistinctFrom(left: Expr<T>, value: T): Expr<Boolean> = left.isNotDistinctFrom(value)

    /** `expr IS NULL`. */
    @JvmStatic public fun isNull(expr: Expr<*>): Expr<Boolean> = expr.isNull()

    /** `expr IS NOT NULL`. */
    @JvmStatic public fun isNotNull(expr: Expr<*>): Expr<Boolean> = expr.isNotNull()

    /** `expr IN (values…)`, each value bound; an empty collection is FALSE. */
    @JvmStatic public fun <T> `in`(expr: Expr<T>, values: Collection<T>): Expr<Boolean> = expr.inList(values)

    /** `expr IN (query)` for a one-column query of the same type. */
    @JvmStatic public fun <T> `in`(expr: Expr<T>, query: Query<out T?>): Expr<Boolean> = expr.inQuery(query)

    /** `expr NOT IN (values…)`; an empty collection is TRUE. */
    @JvmStatic public fun <T> notIn(expr: Expr<T>, values: Collection<T>): Expr<Boolean> = expr.notInList(values)

    /** `expr NOT IN (query)`. */
    @JvmStatic public fun <T> notIn(expr: Expr<T>, query: Query<out T?>): Expr<Boolean> = expr.notInQuery(query)

    /** `expr = ANY($1)` with [values] bound as one array (one statement shape for any number of values). */
    @JvmStatic public fun <T> eqAny(expr: Expr<T>, values: List<T>): Expr<Boolean> = expr.eqAny(values)

    /** `expr BETWEEN low AND high`. */
    @JvmStatic public fun <T> between(expr: Expr<T>, low: T, high: T): Expr<Boolean> = expr.between(low, high)

    /** `expr NOT BETWEEN low AND high`. */
    @JvmStatic public fun <T> notBetween(expr: Expr<T>, low: T, high: T): Expr<Boolean> = expr.notBetween(low, high)

    /** `expr LIKE pattern` ([pattern] bound). */
    @JvmStatic public fun <T : String?> like(expr: Expr<T>, pattern: String): Expr<Boolean> = expr.like(pattern)

    /** `expr NOT LIKE pattern`. */
    @JvmStatic public fun <T : String?> notLike(expr: Expr<T>, pattern: String): Expr<Boolean> = expr.notLike(pattern)

    /** `expr ILIKE pattern` (case-insensitive). */
    @JvmStatic public fun <T : String?> ilike(expr: Expr<T>, pattern: String): Expr<Boolean> = expr.ilike(pattern)

    /** `expr NOT ILIKE pattern`. */
    @JvmStatic public fun <T : String?> notIlike(expr: Expr<T>, pattern: String): Expr<Boolean> = expr.notIlike(pattern)

    /** `EXISTS (query)`. */
    @JvmStatic public fun exists(query: Query<*>): Expr<Boolean> = io.databridge.dsl.exists(query)

    /** `NOT EXISTS (query)`. */
    @JvmStatic public fun notExists(query: Query<*>): Expr<Boolean> = io.databridge.dsl.notExists(query)

    // ---- boolean logic ----

    /** `left AND right`. */
    @JvmStatic public fun and(left: Expr<out Boolean?>, right: Expr<out Boolean?>): Expr<Boolean> = io.databridge.dsl.allOf(left, right)

    /** All [conditions] joined with AND (at least one). */
    @JvmStatic public fun and(vararg conditions: Expr<out Boolean?>): Expr<Boolean> = io.databridge.dsl.allOf(*conditions)

    /** `left OR right`. */
    @JvmStatic public fun or(left: Expr<out Boolean?>, right: Expr<out Boolean?>): Expr<Boolean> = io.databridge.dsl.anyOf(left, right)

    /** Any of [conditions] joined with OR (at least one). */
    @JvmStatic public fun or(vararg conditions: Expr<out Boolean?>): Expr<Boolean> = io.databridge.dsl.anyOf(*conditions)

    /** `NOT condition`. */
    @JvmStatic public fun not(condition: Expr<out Boolean?>): Expr<Boolean> = io.databridge.dsl.not(condition)

    // ---- arithmetic and strings ----

    /** `left + value`. */
    @JvmStatic public fun <T : Number?> plus(left: Expr<T>, value: T): Expr<T> = left.plus(value)

    /** `left + right`. */
    @JvmStatic public fun <T : Number?> plus(left: Expr<T>, right: Expr<T>): Expr<T> = left.plus(right)

    /** `left - value`. */
    @JvmStatic public fun <T : Number?> minus(left: Expr<T>, value: T): Expr<T> = left.minus(value)

    /** `left - right`. */
    @JvmStatic public fun <T : Number?> minus(left: Expr<T>, right: Expr<T>): Expr<T> = left.minus(right)

    /** `left * value`. */
    @JvmStatic public fun <T : Number?> times(left: Expr<T>, value: T): Expr<T> = left.times(value)

    /** `left * right`. */
    @JvmStatic public fun <T : Number?> times(left: Expr<T>, right: Expr<T>): Expr<T> = left.times(right)

    /** `left / value` (integer division for integer types). */
    @JvmStatic public fun <T : Number?> div(left: Expr<T>, value: T): Expr<T> = left.div(value)

    /** `left / right`. */
    @JvmStatic public fun <T : Number?> div(left: Expr<T>, right: Expr<T>): Expr<T> = left.div(right)

    /** `left % value`. */
    @JvmStatic public fun <T : Number?> rem(left: Expr<T>, value: T): Expr<T> = left.rem(value)

    /** `left || value` (string concatenation). */
    @JvmStatic public fun <T : String?> concat(left: Expr<T>, value: T): Expr<T> = left.concat(value)

    /** `left || right`. */
    @JvmStatic public fun <T : String?> concat(left: Expr<T>, right: Expr<T>): Expr<T> = left.concat(right)

    // ---- functions ----

    /** `lower(expr)`. */
    @JvmStatic public fun <T : String?> lower(expr: Expr<T>): Expr<T> = expr.lower()

    /** `upper(expr)`. */
    @JvmStatic public fun <T : String?> upper(expr: Expr<T>): Expr<T> = expr.upper()

    /** `btrim(expr)`. */
    @JvmStatic public fun <T : String?> trim(expr: Expr<T>): Expr<T> = expr.trim()

    /** `length(expr)` in characters. */
    @JvmStatic public fun length(expr: Expr<out String?>): Expr<Int> = expr.length()

    /** `substr(expr, from, count)` (1-based). */
    @JvmStatic public fun <T : String?> substring(expr: Expr<T>, from: Int, count: Int): Expr<T> = expr.substring(from, count)

    /** `abs(expr)`. */
    @JvmStatic public fun <T : Number?> abs(expr: Expr<T>): Expr<T> = expr.abs()

    /** `round(expr, scale)` on numeric. */
    @JvmStatic public fun <T : BigDecimal?> round(expr: Expr<T>, scale: Int): Expr<T> = expr.round(scale)

    /** `now()`: the transaction's start time. */
    @JvmStatic public fun now(): Expr<OffsetDateTime> = io.databridge.dsl.now()

    /** `current_date`. */
    @JvmStatic public fun currentDate(): Expr<LocalDate> = io.databridge.dsl.currentDate()

    /** `gen_random_uuid()`. */
    @JvmStatic public fun randomUuid(): Expr<UUID> = io.databridge.dsl.randomUuid()

    /** A call of the SQL function [name] (a validated identifier) returning [type]; [args] are expressions or bound values. */
    @JvmStatic
    public fun <T : Any> function(name: String, type: PgType<T>, vararg args: Any?): Expr<T?> =
        io.databridge.dsl.function(name, type, *args)

    /** `COALESCE(expr, fallback)`: never NULL. */
    @JvmStatic public fun <T : Any> ifNull(expr: Expr<T?>, fallback: T): Expr<T> = expr.ifNull(fallback)

    /** `COALESCE(first, second)`: NULL only when both are. */
    @JvmStatic
    public fun <T : Any> coalesce(first: Expr<T?>, second: Expr<out T?>): Expr<T?> = io.databridge.dsl.coalesce(first, second)

    /** `NULLIF(expr, value)`: NULL when equal. */
    @JvmStatic public fun <T> nullIf(expr: Expr<T>, value: T): Expr<T?> = expr.nullIf(value)

    /** `CAST(expr AS type)` of a source that is never NULL. */
    @JvmStatic public fun <T : Any> cast(expr: Expr<*>, type: PgType<T>): Expr<T> = expr.cast(type)

    /** `CAST(expr AS type)` of a source that may be NULL. */
    @JvmStatic public fun <T : Any> castNullable(expr: Expr<*>, type: PgType<T>): Expr<T?> = expr.castNullable(type)

    /** Starts `CASE WHEN condition THEN result …`; add branches with `whenThen`, finish with `otherwise` or `end`. */
    @JvmStatic
    public fun <T> caseWhen(condition: Expr<out Boolean?>, result: Expr<T>): CaseBuilder<T> = io.databridge.dsl.case(condition, result)

    /**
     * A custom SQL fragment of [type]: each `?` in [sql] takes the next of [args] (an expression or a bound value),
     * `??` is a literal `?`. [sql] is trusted text and must not be built from user input; values never enter it.
     */
    @JvmStatic
    public fun <T : Any> fragment(type: PgType<T>, sql: String, vararg args: Any?): Expr<T> = io.databridge.dsl.sql(type, sql, *args)

    /** A raw statement: each `?` in the trusted [sql] takes the next of [args], bound; run it with [FutureSqlExecutor]. */
    @JvmStatic public fun raw(sql: String, vararg args: Any?): RawStatement = io.databridge.dsl.rawSql(sql, *args)

    // ---- JSONB and arrays ----

    /** `expr -> key` on jsonb. */
    @JvmStatic public fun jsonField(expr: Expr<*>, key: String): Expr<JsonElement?> = expr.jsonField(key)

    /** `expr ->> key` on jsonb, as text. */
    @JvmStatic public fun jsonText(expr: Expr<*>, key: String): Expr<String?> = expr.jsonText(key)

    /** `expr #> path` on jsonb. */
    @JvmStatic public fun jsonPath(expr: Expr<*>, vararg path: String): Expr<JsonElement?> = expr.jsonPath(*path)

    /** `expr @> value` on jsonb. */
    @JvmStatic public fun jsonContains(expr: Expr<*>, value: JsonElement): Expr<Boolean> = expr.jsonContains(value)

    /** `expr ? key` on jsonb. */
    @JvmStatic public fun hasKey(expr: Expr<*>, key: String): Expr<Boolean> = expr.hasKey(key)

    /** `document @> value` for a `jsonb<T>` column: whether it contains [value], encoded as the column encodes values. */
    @JvmStatic public fun <T : Any> jsonContainsValue(document: Expr<T?>, value: T): Expr<Boolean> = document.jsonContains(value)

    /** `document @> partial`: whether the jsonb document contains the set (non-null, non-default) properties of [partial]. */
    @JvmStatic
    public fun <P : Any> jsonContainsPartial(document: Expr<*>, partial: P, serializer: KSerializer<P>): Expr<Boolean> =
        document.jsonContainsPartial(partial, serializer)

    /** `vector <-> to`: pgvector's Euclidean distance, for `orderBy(asc(l2Distance(ITEMS.embedding, query)))`. */
    @JvmStatic public fun l2Distance(vector: Expr<out FloatArray?>, to: FloatArray): Expr<Double?> = vector.l2Distance(to)

    /** `vector <=> to`: pgvector's cosine distance. */
    @JvmStatic public fun cosineDistance(vector: Expr<out FloatArray?>, to: FloatArray): Expr<Double?> = vector.cosineDistance(to)

    /** `vector <#> to`: pgvector's negative inner product. */
    @JvmStatic public fun negativeInnerProduct(vector: Expr<out FloatArray?>, to: FloatArray): Expr<Double?> = vector.negativeInnerProduct(to)

    /** `(composite)."attribute"`: one attribute of a composite value. */
    @JvmStatic public fun <T : Any, F> field(composite: Expr<out T?>, attribute: CompositeAttribute<T, F>): Expr<F?> = composite.field(attribute)

    /** `array @> values`. */
    @JvmStatic public fun <E> containsAll(array: Expr<out List<E>?>, values: List<E>): Expr<Boolean> = array.containsAll(values)

    /** `array && values`. */
    @JvmStatic public fun <E> overlaps(array: Expr<out List<E>?>, values: List<E>): Expr<Boolean> = array.overlaps(values)

    // ---- aggregates and windows ----

    /** `count(*)`. */
    @JvmStatic public fun count(): Expr<Long> = io.databridge.dsl.countAll()

    /** `count(expr)`: rows where [expr] is not NULL. */
    @JvmStatic public fun count(expr: Expr<*>): Expr<Long> = io.databridge.dsl.count(expr)

    /** `count(DISTINCT expr)`. */
    @JvmStatic public fun countDistinct(expr: Expr<*>): Expr<Long> = io.databridge.dsl.countDistinct(expr)

    /** `sum` of an int4 expression, which PostgreSQL returns as int8. */
    @JvmStatic public fun sumInt(expr: Expr<out Int?>): Expr<Long?> = io.databridge.dsl.sum(expr)

    /** `sum` of an int8 expression, which PostgreSQL returns as numeric. */
    @JvmStatic public fun sumLong(expr: Expr<out Long?>): Expr<BigDecimal?> = io.databridge.dsl.sum(expr)

    /** `sum` of a numeric expression. */
    @JvmStatic public fun sumDecimal(expr: Expr<out BigDecimal?>): Expr<BigDecimal?> = io.databridge.dsl.sum(expr)

    /** `sum` of a float8 expression. */
    @JvmStatic public fun sumDouble(expr: Expr<out Double?>): Expr<Double?> = io.databridge.dsl.sum(expr)

    /** `avg(expr)`, as numeric. */
    @JvmStatic public fun avg(expr: Expr<out Number?>): Expr<BigDecimal?> = io.databridge.dsl.avg(expr)

    /** `min(expr)`. */
    @JvmStatic public fun <T : Any> min(expr: Expr<out T?>): Expr<T?> = io.databridge.dsl.min(expr)

    /** `max(expr)`. */
    @JvmStatic public fun <T : Any> max(expr: Expr<out T?>): Expr<T?> = io.databridge.dsl.max(expr)

    /** `bool_and(expr)`. */
    @JvmStatic public fun boolAnd(expr: Expr<out Boolean?>): Expr<Boolean?> = io.databridge.dsl.boolAnd(expr)

    /** `bool_or(expr)`. */
    @JvmStatic public fun boolOr(expr: Expr<out Boolean?>): Expr<Boolean?> = io.databridge.dsl.boolOr(expr)

    /** `string_agg(expr, delimiter ORDER BY …)`. */
    @JvmStatic
    public fun stringAgg(expr: Expr<out String?>, delimiter: String, vararg orderBy: Ordering): Expr<String?> =
        io.databridge.dsl.stringAgg(expr, delimiter, *orderBy)

    /** `array_agg(expr ORDER BY …)`. */
    @JvmStatic
    public fun <T : Any> arrayAgg(expr: Expr<out T?>, vararg orderBy: Ordering): Expr<List<T?>?> =
        io.databridge.dsl.arrayAgg(expr, *orderBy)

    /** `row_number()`, to use with [over]. */
    @JvmStatic public fun rowNumber(): Expr<Long> = io.databridge.dsl.rowNumber()

    /** `rank()`, to use with [over]. */
    @JvmStatic public fun rank(): Expr<Long> = io.databridge.dsl.rank()

    /** `dense_rank()`, to use with [over]. */
    @JvmStatic public fun denseRank(): Expr<Long> = io.databridge.dsl.denseRank()

    /** `lag(expr, offset)`, to use with [over]. */
    @JvmStatic public fun <T> lag(expr: Expr<T>, offset: Int): Expr<T?> = io.databridge.dsl.lag(expr, offset)

    /** `lead(expr, offset)`, to use with [over]. */
    @JvmStatic public fun <T> lead(expr: Expr<T>, offset: Int): Expr<T?> = io.databridge.dsl.lead(expr, offset)

    /** An empty window `()`; refine it with `partitionBy`, `orderBy`, `rows`, `range`, `groups`. */
    @JvmStatic public fun window(): Window = Window()

    /** `expr OVER (window)`. */
    @JvmStatic public fun <T> over(expr: Expr<T>, window: Window): Expr<T> = expr.over(window)

    /** `n PRECEDING`, a window frame bound. */
    @JvmStatic public fun preceding(n: Long): FrameBound = FrameBound.preceding(n)

    /** `n FOLLOWING`, a window frame bound. */
    @JvmStatic public fun following(n: Long): FrameBound = FrameBound.following(n)

    /** `UNBOUNDED PRECEDING`. */
    @JvmStatic public fun unboundedPreceding(): FrameBound = FrameBound.UnboundedPreceding

    /** `CURRENT ROW`. */
    @JvmStatic public fun currentRow(): FrameBound = FrameBound.CurrentRow

    /** `UNBOUNDED FOLLOWING`. */
    @JvmStatic public fun unboundedFollowing(): FrameBound = FrameBound.UnboundedFollowing

    // ---- orderings, aliases, join sides ----

    /** `expr ASC`. */
    @JvmStatic public fun asc(expr: Expr<*>): Ordering = expr.asc()

    /** `expr ASC NULLS FIRST|LAST`. */
    @JvmStatic public fun asc(expr: Expr<*>, nulls: Nulls): Ordering = expr.asc(nulls)

    /** `expr DESC`. */
    @JvmStatic public fun desc(expr: Expr<*>): Ordering = expr.desc()

    /** `expr DESC NULLS FIRST|LAST`. */
    @JvmStatic public fun desc(expr: Expr<*>, nulls: Nulls): Ordering = expr.desc(nulls)

    /** [expr] named [name] in a select list (`AS "name"`), so subqueries, CTEs and mapping can read it by name. */
    @JvmStatic public fun <T> alias(expr: Expr<T>, name: String): Aliased<T> = expr.alias(name)

    /** [table] under the alias [name], for self-joins; read its columns with `alias.get(column)`. */
    @JvmStatic public fun <T : Table> alias(table: T, name: String): TableAlias<T> = table.alias(name)

    /** The nullable view of [item] for the outer side of a LEFT/RIGHT/FULL join; read columns with `side.get(column)`. */
    @JvmStatic public fun <T : FromItem> orNull(item: T): NullableSide<T> = item.orNull()

    /** [column]'s value in the row proposed for insertion (`EXCLUDED."column"`), for `onConflict(…).doUpdate(…)`. */
    @JvmStatic public fun <T> excluded(column: Column<T>): Column<T> = io.databridge.dsl.excluded(column)

    // ---- statements ----

    /** `SELECT a`; rows read as `A`. */
    @JvmStatic public fun <A> select(a: Expr<A>): SelectQuery<A> = io.databridge.dsl.select(a)

    /** `SELECT a, b, …` of two or more expressions; rows read as [ResultRow], typed by column: `row.get(USERS.email)`. */
    @JvmStatic
    public fun select(a: Expr<*>, b: Expr<*>, vararg more: Expr<*>): SelectQuery<ResultRow> = io.databridge.dsl.select(listOf(a, b, *more))

    /**
     * `SELECT exprs…`; each row becomes a [type] (a Java record or class) through its constructor taking the values
     * in select-list order: `select(Book.class, BOOKS.id, BOOKS.title)`. The constructor is chosen here (a record's
     * canonical one when several fit); a NULL for a primitive parameter fails the read with `UnexpectedNullException`.
     */
    @JvmStatic
    public fun <R> select(type: Class<R>, vararg exprs: Expr<*>): SelectQuery<R> {
        val list = exprs.toList()
        return SelectQuery(SelectNode(list), TupleShape(list, ConstructorMapping.of(type, list)::create))
    }

    /** `SELECT` of every column of [table] `FROM table`, each row built as a [type] from the columns in table order. */
    @JvmStatic
    public fun <R> selectAll(type: Class<R>, table: Table): SelectQuery<R> = select(type, *table.columns.toTypedArray()).from(table)

    /** `SELECT exprs…` of any number of expressions; rows read as [ResultRow] (`row.get(USERS.email)`). */
    @JvmStatic public fun selectRow(vararg exprs: Expr<*>): SelectQuery<ResultRow> = io.databridge.dsl.select(exprs.toList())

    /** `SELECT` of every column of [table] `FROM table`; rows read as [ResultRow]. */
    @JvmStatic public fun selectAll(table: Table): SelectQuery<ResultRow> = table.selectAll()

    /** Rows of [query] turned into the caller's type by [mapper] (for example a Java record). */
    @JvmStatic public fun <T> map(query: Query<ResultRow>, mapper: RowMapper<T>): Query<T> = query.mapRows(mapper::map)

    /** Rows of [query] built as [type] through its constructor taking the selected values in order (see `select(Class, …)`). */
    @JvmStatic
    public fun <T> map(query: Query<ResultRow>, type: Class<T>): Query<T> {
        val width = query.shape.exprs.size
        val mapping = ConstructorMapping.of(type, query.shape.exprs)
        return query.mapRows { row -> mapping.create(Array(width, row::valueAt)) }
    }

    /** `INSERT INTO table` of one row whose columns [values] sets: `v -> v.set(USERS.id, 1)`. */
    @JvmStatic
    public fun insertInto(table: Table, values: Consumer<ValuesBuilder>): InsertBuilder =
        InsertBuilder(table.insert { values.accept(it) })

    /** `INSERT INTO table` of one row per item of [items], its columns set by [values]; every row sets the same columns. */
    @JvmStatic
    public fun <E> insertInto(table: Table, items: Iterable<E>, values: BiConsumer<ValuesBuilder, E>): InsertBuilder =
        InsertBuilder(table.insertAll(items) { row, item -> values.accept(row, item) })

    /** `INSERT INTO table (columns) query`; [query] selects one value per column. */
    @JvmStatic
    public fun insertInto(table: Table, columns: List<Column<*>>, query: Query<*>): InsertBuilder =
        InsertBuilder(table.insertFrom(columns, query))

    /** `UPDATE table SET …` as [set] assigns; then `.where(condition)` or `.allRows()`. */
    @JvmStatic
    public fun update(table: Table, set: Consumer<ValuesBuilder>): WhereStep<UpdateBuilder> =
        WhereStep { where -> UpdateBuilder(table.update(where) { set.accept(it) }) }

    /** `DELETE FROM table`; then `.where(condition)` or `.allRows()`. */
    @JvmStatic
    public fun deleteFrom(table: Table): WhereStep<DeleteBuilder> = WhereStep { where -> DeleteBuilder(table.delete(where)) }

    /** `WITH ctes …`: `with(cte.definedAs(query)).query(select(…).from(cte))`. */
    @JvmStatic public fun with(vararg ctes: CteDefinition): WithClause = WithClause(ctes, recursive = false)

    /** `WITH RECURSIVE ctes …`, for CTEs whose definition reads the CTE itself. */
    @JvmStatic public fun withRecursive(vararg ctes: CteDefinition): WithClause = WithClause(ctes, recursive = true)
}
