package io.databridge.dsl.types

import io.databridge.pg.types.PgRange

/**
 * A multirange type such as `int4multirange` (PostgreSQL 14+), whose values are lists of non-overlapping ranges of
 * [range]; the server normalises them (sorted, adjacent ranges merged), so a value may read back in another form.
 */
@ConsistentCopyVisibility
public data class MultirangeType<T : Any> internal constructor(override val sqlName: String, val range: RangeType<T>) :
    PgType<List<PgRange<T>>>() {
    override fun toString(): String = sqlName
}
