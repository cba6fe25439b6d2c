package io.databridge.dsl

/** A window: `PARTITION BY … ORDER BY … [frame]`; build with [partitionBy], [orderBy], [rows], [range], [groups]. */
public data class Window(
    val partitionBy: List<Expr<*>> = emptyList(),
    val orderBy: List<Ordering> = emptyList(),
    val frame: Frame? = null,
) {
    /** This window partitioned by [exprs]. */
    public fun partitionBy(vararg exprs: Expr<*>): Window = copy(partitionBy = exprs.toList())
    /** This window ordered by [orderings]. */
    public fun orderBy(vararg orderings: Ordering): Window = copy(orderBy = orderings.toList())
    /** `ROWS BETWEEN start AND end`. */
    public fun rows(start: FrameBound, end: FrameBound = FrameBound.CurrentRow): Window = copy(frame = Frame(FrameUnit.ROWS, start, end))
    /** `RANGE BETWEEN start AND end`. */
    public fun range(start: FrameBound, end: FrameBound = FrameBound.CurrentRow): Window = copy(frame = Frame(FrameUnit.RANGE, start, end))
    /** `GROUPS BETWEEN start AND end`. */
    public fun groups(start: FrameBound, end: FrameBound = FrameBound.CurrentRow): Window = copy(frame = Frame(FrameUnit.GROUPS, start, end))
}

/** The unit a window [Frame] counts in. */
public enum class FrameUnit { ROWS, RANGE, GROUPS }

/** `unit BETWEEN start AND end`. */
public data class Frame(val unit: FrameUnit, val start: FrameBound, val end: FrameBound)

/** One end of a window frame. */
public sealed interface FrameBound {
    /** `UNBOUNDED PRECEDING`. */
    public data object UnboundedPreceding : FrameBound
    /** `n PRECEDING` ([offset] bound as a parameter). */
    public data class Preceding(val offset: Expr<*>) : FrameBound
    /** `CURRENT ROW`. */
    public data object CurrentRow : FrameBound
    /** `n FOLLOWING` ([offset] bound as a parameter). */
    public data class Following(val offset: Expr<*>) : FrameBound
    /** `UNBOUNDED FOLLOWING`. */
    public data object UnboundedFollowing : FrameBound

    /** Frame bounds with integer offsets. */
    public companion object {
        /** `n PRECEDING`. */
        public fun preceding(n: Long): FrameBound = Preceding(lit(n))
        /** `n FOLLOWING`. */
        public fun following(n: Long): FrameBound = Following(lit(n))
    }
}

/** `this OVER (window)`, for aggregates and window functions. */
public fun <T> Expr<T>.over(window: Window = Window()): Expr<T> = WindowCall(this, window)
