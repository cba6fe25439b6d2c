package io.databridge.dsl

import io.databridge.dsl.types.ArrayType
import io.databridge.dsl.types.BuiltinType
import io.databridge.dsl.types.JsonType
import io.databridge.dsl.types.PgType
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.types.BuiltinTypes
import kotlinx.serialization.json.JsonElement

private fun Expr<*>.requireJsonb(op: String): Expr<*> {
    val t = pgType
    val ok = (t is JsonType<*> && t.binary) || (t is BuiltinType<*> && t.base == BuiltinTypes.JSONB)
    if (!ok) throw InvalidQueryException("$op needs a jsonb operand, not ${t.sqlName}")
    return this
}

/** `this -> key`: the member [key] of a jsonb object, as jsonb (NULL when missing). */
public fun Expr<*>.jsonField(key: String): Expr<JsonElement?> =
    BinaryOp(requireJsonb("->"), "->", lit(key), PgTypes.jsonbElement)

/** `this ->> key`: the member [key] of a jsonb object as text (NULL when missing). */
public fun Expr<*>.jsonText(key: String): Expr<String?> = BinaryOp(requireJsonb("->>"), "->>", lit(key), PgTypes.text)

/** `this #> path`: the jsonb value at [path] (NULL when missing). */
public fun Expr<*>.jsonPath(vararg path: String): Expr<JsonElement?> =
    BinaryOp(requireJsonb("#>"), "#>", param(path.toList(), PgTypes.array(PgTypes.text)), PgTypes.jsonbElement)

/** `this @> value`: whether the jsonb value contains [value]. */
public fun Expr<*>.jsonContains(value: JsonElement): Expr<Boolean> =
    BinaryOp(requireJsonb("@>"), "@>", param(value, PgTypes.jsonbElement), BOOL)

/** `this ? key`: whether the jsonb object has the top-level [key]. */
public fun Expr<*>.hasKey(key: String): Expr<Boolean> = BinaryOp(requireJsonb("?"), "?", lit(key), BOOL)

@Suppress("UNCHECKED_CAST")
private fun <E> Expr<out List<E>?>.elementType(): PgType<*> =
    (pgType as? ArrayType<*>)?.element ?: throw InvalidQueryException("${pgType.sqlName} is not an array type")

/** `this = ANY(array)`. */
public infix fun <T> Expr<T>.eqAny(array: Expr<out List<T>?>): Expr<Boolean> = Quantified(this, "=", array, all = false)
/** `this = ANY($1)` with [values] bound as one array parameter (one shape for any number of values). */
public infix fun <T> Expr<T>.eqAny(values: List<T>): Expr<Boolean> =
    Quantified(this, "=", Param<List<T>>(values, ArrayType<List<T>>(pgType, elementsNullable = true)), all = false)
/** `this = ALL(array)`. */
public infix fun <T> Expr<T>.eqAll(array: Expr<out List<T>?>): Expr<Boolean> = Quantified(this, "=", array, all = true)
/** `this @> values`: whether the array contains every one of [values]. */
public infix fun <E> Expr<out List<E>?>.containsAll(values: List<E>): Expr<Boolean> =
    BinaryOp(this, "@>", Param<List<E>>(values, ArrayType<List<E>>(elementType(), elementsNullable = false)), BOOL)
/** `this && values`: whether the arrays share an element. */
public infix fun <E> Expr<out List<E>?>.overlaps(values: List<E>): Expr<Boolean> =
    BinaryOp(this, "&&", Param<List<E>>(values, ArrayType<List<E>>(elementType(), elementsNullable = false)), BOOL)
