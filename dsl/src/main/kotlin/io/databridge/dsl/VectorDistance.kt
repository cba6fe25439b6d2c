package io.databridge.dsl

import io.databridge.dsl.types.PgTypes
import io.databridge.dsl.types.VectorType

/** `this <-> to`: pgvector's Euclidean (L2) distance, for `orderBy(Items.embedding.l2Distance(query))` nearest-neighbour search. */
public infix fun Expr<out FloatArray?>.l2Distance(to: FloatArray): Expr<Double?> = distance("<->", vectorParam(to))

/** `this <-> other`: Euclidean (L2) distance between two vector expressions. */
public infix fun Expr<out FloatArray?>.l2Distance(other: Expr<out FloatArray?>): Expr<Double?> = distance("<->", other)

/** `this <=> to`: pgvector's cosine distance (1 − cosine similarity). */
public infix fun Expr<out FloatArray?>.cosineDistance(to: FloatArray): Expr<Double?> = distance("<=>", vectorParam(to))

/** `this <=> other`: cosine distance between two vector expressions. */
public infix fun Expr<out FloatArray?>.cosineDistance(other: Expr<out FloatArray?>): Expr<Double?> = distance("<=>", other)

/** `this <#> to`: pgvector's negative inner product (smaller is more similar, so it sorts ascending like the others). */
public infix fun Expr<out FloatArray?>.negativeInnerProduct(to: FloatArray): Expr<Double?> = distance("<#>", vectorParam(to))

/** `this <#> other`: negative inner product of two vector expressions. */
public infix fun Expr<out FloatArray?>.negativeInnerProduct(other: Expr<out FloatArray?>): Expr<Double?> = distance("<#>", other)

private fun Expr<*>.vectorParam(value: FloatArray): Expr<*> = Param<FloatArray>(value, requireVector())

private fun Expr<*>.distance(operator: String, other: Expr<*>): Expr<Double?> {
    requireVector()
    other.requireVector()
    return BinaryOp(this, operator, other, PgTypes.float8)
}

private fun Expr<*>.requireVector(): VectorType =
    pgType as? VectorType ?: throw InvalidQueryException("a vector distance needs vector operands, not ${pgType.sqlName}")
