package io.databridge.dsl.types

import io.databridge.dsl.InvalidParameterException

/**
 * pgvector's `vector(dimensions)` as a `FloatArray` of exactly [dimensions] finite components. The extension must
 * be installed in the database (`CREATE EXTENSION vector`); its type is found by name on the search path.
 */
@ConsistentCopyVisibility
public data class VectorType internal constructor(val dimensions: Int) : PgType<FloatArray>() {
    override val sqlName: String get() = "vector($dimensions)"

    override fun validate(value: Any) {
        val components = value as FloatArray
        if (components.size != dimensions) {
            throw InvalidParameterException("a $sqlName value needs $dimensions components, got ${components.size}")
        }
        val bad = components.indexOfFirst { !it.isFinite() }
        if (bad >= 0) throw InvalidParameterException("component $bad of a $sqlName value is not finite")
    }

    override fun toString(): String = sqlName
}
