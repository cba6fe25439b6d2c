package io.databridge.pg.types

/**
 * A PostgreSQL array with its shape: [dimensions] (sizes, outermost first), [lowerBounds] (1 unless the array was
 * built with explicit bounds such as `[0:2]={…}`) and the [elements] in row-major order, NULLs as null.
 * An empty array has no dimensions.
 */
public data class PgArray(
    public val dimensions: List<Int>,
    public val lowerBounds: List<Int>,
    public val elements: List<Any?>,
) {
    init {
        require(dimensions.size == lowerBounds.size) { "${dimensions.size} dimensions but ${lowerBounds.size} lower bounds" }
        require(dimensions.size <= MAX_DIMENSIONS) { "PostgreSQL arrays have at most $MAX_DIMENSIONS dimensions, got ${dimensions.size}" }
        require(dimensions.all { it > 0 }) { "dimension sizes must be positive, got $dimensions (an empty array has no dimensions)" }
        val count = dimensions.fold(if (dimensions.isEmpty()) 0L else 1L) { acc, d -> acc * d }
        require(count == elements.size.toLong()) { "dimensions $dimensions hold $count elements, got ${elements.size}" }
        require(lowerBounds.zip(dimensions).all { (lb, d) -> lb.toLong() + d - 1 <= Int.MAX_VALUE }) { "upper bound beyond Int.MAX_VALUE" }
    }

    /** The number of dimensions (0 for an empty array). */
    public val rank: Int get() = dimensions.size

    /** The elements as a `List` for one dimension or nested `List`s for several (lower bounds dropped). */
    public fun toNestedList(): List<Any?> = when (dimensions.size) {
        0 -> emptyList()
        1 -> elements
        else -> nest(0, 0)
    }

    private fun nest(level: Int, start: Int): List<Any?> {
        val size = dimensions[level]
        if (level == dimensions.size - 1) return elements.subList(start, start + size).toList()
        var stride = 1
        for (d in level + 1 until dimensions.size) stride *= dimensions[d]
        return List(size) { i -> nest(level + 1, start + i * stride) }
    }

    /** Builders and limits. */
    public companion object {
        /** PostgreSQL's MAXDIM. */
        public const val MAX_DIMENSIONS: Int = 6

        /**
         * Builds an array from nested `List`s, `Array`s or primitive arrays (`IntArray`, …); every nested level must
         * have the same size (ragged input fails with IllegalArgumentException). [lowerBounds] default to 1.
         */
        public fun of(value: Any, lowerBounds: List<Int>? = null): PgArray =
            ArrayShape.flatten(value, { !ArrayShape.isContainer(it) }, lowerBounds) { IllegalArgumentException(it) }
    }
}

/** Turns nested Kotlin containers into a [PgArray], given which values are elements rather than sub-arrays. */
internal object ArrayShape {
    fun isContainer(v: Any): Boolean =
        v is List<*> || v is Array<*> || v is IntArray || v is LongArray || v is ShortArray || v is ByteArray ||
            v is FloatArray || v is DoubleArray || v is BooleanArray || v is CharArray

    /** A List view of a container, or null when [v] is not one. */
    fun asList(v: Any): List<Any?>? = when (v) {
        is List<*> -> v
        is Array<*> -> v.asList()
        is IntArray -> v.asList()
        is LongArray -> v.asList()
        is ShortArray -> v.asList()
        is ByteArray -> v.asList()
        is FloatArray -> v.asList()
        is DoubleArray -> v.asList()
        is BooleanArray -> v.asList()
        is CharArray -> v.asList()
        else -> null
    }

    fun flatten(
        value: Any,
        isElement: (Any) -> Boolean,
        lowerBounds: List<Int>?,
        error: (String) -> Exception,
    ): PgArray {
        if (value is PgArray) return value
        val top = asList(value) ?: throw error("a ${value.javaClass.name} is not an array (use a List, an Array or a primitive array)")
        val dims = ArrayList<Int>(2)
        var probe: List<Any?> = top
        while (true) {
            dims += probe.size
            if (dims.size > PgArray.MAX_DIMENSIONS) throw error("more than ${PgArray.MAX_DIMENSIONS} dimensions")
            val first = probe.firstOrNull() ?: break
            if (isElement(first)) break
            probe = asList(first) ?: break
        }
        if (dims.any { it == 0 }) {
            if (lowerBounds != null && lowerBounds.isNotEmpty()) throw error("an empty array has no lower bounds")
            return PgArray(emptyList(), emptyList(), emptyList())
        }
        var total = 1L
        for (d in dims) total *= d
        if (total > Int.MAX_VALUE) throw error("$total elements is too many")
        val flat = ArrayList<Any?>(total.toInt())
        collect(top, 0, dims, isElement, flat, "", error)
        val bounds = lowerBounds ?: List(dims.size) { 1 }
        if (bounds.size != dims.size) throw error("${bounds.size} lower bounds for ${dims.size} dimensions")
        return try {
            PgArray(dims, bounds, flat)
        } catch (e: IllegalArgumentException) {
            throw error(e.message ?: "invalid array")
        }
    }

    private fun collect(
        level: List<Any?>,
        depth: Int,
        dims: List<Int>,
        isElement: (Any) -> Boolean,
        flat: MutableList<Any?>,
        path: String,
        error: (String) -> Exception,
    ) {
        if (level.size != dims[depth]) {
            throw error("ragged array: sub-array at ${path.ifEmpty { "top level" }} has ${level.size} elements, expected ${dims[depth]}")
        }
        val leaf = depth == dims.size - 1
        for ((i, v) in level.withIndex()) {
            val at = "$path[$i]"
            if (leaf) {
                if (v != null && !isElement(v) && isContainer(v)) throw error("ragged array: $at is a nested array, expected an element")
                flat += v
            } else {
                val sub = (if (v == null || isElement(v)) null else asList(v))
                    ?: throw error("ragged array: $at is ${if (v == null) "null" else "an element"}, expected a sub-array of ${dims[depth + 1]}")
                collect(sub, depth + 1, dims, isElement, flat, at, error)
            }
        }
    }
}
