package io.databridge.pg.types

/** One end of a [PgRange]. */
public sealed interface RangeBound<out T : Any> {
    /** The end includes [value] (`[` or `]`). */
    public data class Inclusive<out T : Any>(public val value: T) : RangeBound<T>

    /** The end excludes [value] (`(` or `)`). */
    public data class Exclusive<out T : Any>(public val value: T) : RangeBound<T>

    /** No bound on this side (`(,5]`): minus or plus infinity. */
    public data object Unbounded : RangeBound<Nothing>
}

/**
 * A PostgreSQL range value: [lower] and [upper] bounds, or the empty range ([isEmpty], both bounds [RangeBound.Unbounded]).
 * The server canonicalizes discrete ranges (`[1,5]` of int4range comes back as `[1,6)`).
 */
public class PgRange<out T : Any> private constructor(
    /** The lower bound. */
    public val lower: RangeBound<T>,
    /** The upper bound. */
    public val upper: RangeBound<T>,
    /** Whether this is the empty range. */
    public val isEmpty: Boolean,
) {
    /** A non-empty range from [lower] to [upper]. */
    public constructor(lower: RangeBound<T>, upper: RangeBound<T>) : this(lower, upper, false)

    override fun equals(other: Any?): Boolean =
        other is PgRange<*> && other.isEmpty == isEmpty && other.lower == lower && other.upper == upper

    override fun hashCode(): Int = if (isEmpty) 0 else 31 * lower.hashCode() + upper.hashCode()

    /** The range in PostgreSQL's notation with the bounds' toString (`[1,5)`, `(,3]`, `empty`). */
    override fun toString(): String = if (isEmpty) {
        "empty"
    } else {
        buildString {
            when (val l = lower) {
                is RangeBound.Inclusive -> append('[').append(l.value)
                is RangeBound.Exclusive -> append('(').append(l.value)
                RangeBound.Unbounded -> append('(')
            }
            append(',')
            when (val u = upper) {
                is RangeBound.Inclusive -> append(u.value).append(']')
                is RangeBound.Exclusive -> append(u.value).append(')')
                RangeBound.Unbounded -> append(')')
            }
        }
    }

    /** Builders. */
    public companion object {
        private val EMPTY = PgRange<Nothing>(RangeBound.Unbounded, RangeBound.Unbounded, true)

        /** The empty range. */
        public fun <T : Any> empty(): PgRange<T> = EMPTY

        /** `[lower, upper)`, the canonical form of discrete ranges. */
        public fun <T : Any> closedOpen(lower: T, upper: T): PgRange<T> = PgRange(RangeBound.Inclusive(lower), RangeBound.Exclusive(upper))

        /** `[lower, upper]`. */
        public fun <T : Any> closed(lower: T, upper: T): PgRange<T> = PgRange(RangeBound.Inclusive(lower), RangeBound.Inclusive(upper))
    }
}
