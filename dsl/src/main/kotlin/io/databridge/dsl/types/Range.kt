package io.databridge.dsl.types

/**
 * A value of a PostgreSQL range type. A null bound is unbounded; [isEmpty] is the `empty` range. A placeholder
 * of the DSL until core's range value lands.
 */
public data class Range<T : Any>(
    val lower: T?,
    val upper: T?,
    val lowerInclusive: Boolean = true,
    val upperInclusive: Boolean = false,
    val isEmpty: Boolean = false,
) {
    /** The empty range. */
    public companion object {
        /** An empty range of any element type. */
        public fun <T : Any> empty(): Range<T> = Range(null, null, false, false, true)
    }
}
