package io.databridge.pg.types

import io.databridge.pg.protocol.readInt
import io.databridge.pg.protocol.readShort

/**
 * Reads big-endian integers from `buf[offset, offset + length)` and fails with a decoding error, naming [type],
 * instead of reading past the slice.
 */
internal class BoundedReader(
    private val buf: ByteArray,
    offset: Int,
    length: Int,
    private val type: PgTypeIdentity,
) {
    var pos: Int = offset
        private set
    val end: Int = offset + length

    val remaining: Int get() = end - pos

    fun require(n: Int, what: String) {
        if (n < 0 || n > end - pos) malformedValue(type, "$what needs $n bytes but only ${end - pos} remain")
    }

    fun byte(what: String): Int {
        require(1, what)
        return buf[pos++].toInt() and 0xff
    }

    fun short(what: String): Int {
        require(2, what)
        val v = readShort(buf, pos)
        pos += 2
        return v
    }

    fun int(what: String): Int {
        require(4, what)
        val v = readInt(buf, pos)
        pos += 4
        return v
    }

    fun skip(n: Int, what: String) {
        require(n, what)
        pos += n
    }

    /** Reads a length prefix (-1 = NULL) and checks the value fits; returns the length, the value starts at [pos]. */
    fun lengthPrefix(what: String): Int {
        val len = int("length of $what")
        if (len < -1) malformedValue(type, "negative length $len for $what")
        if (len > 0) require(len, what)
        return len
    }

    fun expectEnd() {
        if (pos != end) malformedValue(type, "${end - pos} unexpected trailing bytes")
    }
}
