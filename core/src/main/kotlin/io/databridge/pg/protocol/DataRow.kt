package io.databridge.pg.protocol

import java.nio.charset.StandardCharsets

/**
 * DataRow: one row of a result, its values left in place in the receive buffer and decoded on access.
 *
 * The decoder has already checked that every column length fits the message, and recorded where each column's
 * 4-byte length prefix is: it walks the prefixes anyway to validate them, so recording them makes every accessor O(1),
 * immutable and safe to read from any thread (a lazily built or cursor-based index would need volatile publication or
 * an O(i) walk per access). `positions[base]` is the column count and `positions[base + 1 + i]` column i's prefix
 * index in [array]; the decoder packs many rows into one positions array, so a row needs no array of its own.
 * Neither array is rewritten once the row is handed out: the row stays valid for its whole life.
 */
public class DataRow internal constructor(
    /** The array holding the row's values; read-only by contract. */
    public val array: ByteArray,
    private val positions: IntArray,
    private val base: Int,
) : BackendMessage() {
    /** The number of columns. */
    public val columnCount: Int get() = positions[base]

    /** Whether column [index] is SQL NULL. */
    public fun isNull(index: Int): Boolean = valueLength(index) < 0

    /** The length in bytes of column [index]'s value, or -1 when it is NULL. */
    public fun valueLength(index: Int): Int {
        val p = prefixAt(index)
        val a = array
        return (a[p].toInt() shl 24) or ((a[p + 1].toInt() and 0xff) shl 16) or
            ((a[p + 2].toInt() and 0xff) shl 8) or (a[p + 3].toInt() and 0xff)
    }

    /** Where column [index]'s value starts in [array] (meaningless when it is NULL). */
    public fun valueOffset(index: Int): Int = prefixAt(index) + 4

    // Checked here: the shared positions array holds other rows' columns on either side of this row's.
    private fun prefixAt(index: Int): Int = positions[base + 1 + java.util.Objects.checkIndex(index, positions[base])]

    /** A copy of column [index]'s value, or `null` when it is NULL; for convenience, not the hot path. */
    public fun bytes(index: Int): ByteArray? {
        val len = valueLength(index)
        if (len < 0) return null
        val off = valueOffset(index)
        return array.copyOfRange(off, off + len)
    }

    /** Column [index]'s value decoded as UTF-8 text, or `null` when it is NULL. */
    public fun text(index: Int): String? {
        val len = valueLength(index)
        if (len < 0) return null
        return String(array, valueOffset(index), len, StandardCharsets.UTF_8)
    }

    override fun equals(other: Any?): Boolean {
        if (other !is DataRow || other.columnCount != columnCount) return false
        for (i in 0 until columnCount) {
            val len = valueLength(i)
            if (len != other.valueLength(i)) return false
            if (len > 0) {
                val a = valueOffset(i)
                val b = other.valueOffset(i)
                if (!java.util.Arrays.equals(array, a, a + len, other.array, b, b + len)) return false
            }
        }
        return true
    }

    override fun hashCode(): Int {
        var h = columnCount
        for (i in 0 until columnCount) {
            val len = valueLength(i)
            h = 31 * h + len
            val off = valueOffset(i)
            for (j in 0 until len.coerceAtLeast(0)) h = 31 * h + array[off + j]
        }
        return h
    }

    // Values are user data and may be sensitive: print only their shape.
    override fun toString(): String =
        (0 until columnCount).joinToString(prefix = "DataRow(", postfix = ")") { i ->
            val len = valueLength(i)
            if (len < 0) "NULL" else "<$len bytes>"
        }
}
