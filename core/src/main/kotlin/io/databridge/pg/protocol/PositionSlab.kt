package io.databridge.pg.protocol

/**
 * Where the decoder records the column positions of the DataRows it hands out: many rows share one array, so a row
 * costs no array of its own (for a ten-column row its own would be 56 bytes, about a sixth of what decoding the row
 * allocates). Like the receive buffer, a region handed out is never rewritten: a full slab is replaced, not reused.
 */
internal class PositionSlab {
    /** The array the last [reserve] wrote to. */
    var array: IntArray = EMPTY
        private set

    private var used = 0

    /**
     * Room for one row of [count] columns in [array]: returns `base`, where `array[base]` holds [count] and
     * `array[base + 1 + i]` is for column i's position.
     */
    fun reserve(count: Int): Int {
        val need = count + 1
        if (array.size - used < need) {
            array = IntArray(maxOf(SLAB_INTS, need))
            used = 0
        }
        val base = used
        used += need
        array[base] = count
        return base
    }

    private companion object {
        val EMPTY = IntArray(0)

        // 8 KB: the positions of about 190 ten-column rows. A row kept alive keeps its slab, but it keeps its much
        // larger receive chunk alive too.
        const val SLAB_INTS = 2048
    }
}
