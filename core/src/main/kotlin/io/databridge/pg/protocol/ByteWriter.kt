package io.databridge.pg.protocol

import java.nio.charset.StandardCharsets

/**
 * A growable, reusable big-endian byte buffer: messages and parameter values are encoded into it.
 *
 * One instance lives per connection and is [reset] after each flush, so steady-state encoding allocates nothing.
 * Length prefixes are written as placeholders and patched afterwards ([reserveInt] + [patchLength]), which lets
 * encoders write values straight into place without measuring them first.
 */
public class ByteWriter(initialCapacity: Int = 1024) {
    /** The backing array; valid from index 0 up to [size]. It may be replaced when the buffer grows. */
    public var array: ByteArray = ByteArray(initialCapacity.coerceAtLeast(16))
        private set

    /** Number of bytes written so far. */
    public var size: Int = 0
        private set

    /** Forgets the content but keeps the capacity. */
    public fun reset() {
        size = 0
    }

    /** Makes room for [extra] more bytes. */
    public fun ensure(extra: Int) {
        val needed = size + extra
        if (needed < 0) throw IllegalArgumentException("buffer would exceed 2 GiB")
        if (needed > array.size) {
            var cap = array.size * 2
            if (cap < needed) cap = needed
            if (cap < 0) cap = Int.MAX_VALUE - 8
            array = array.copyOf(cap)
        }
    }

    /** Writes one byte. */
    public fun writeByte(v: Int) {
        ensure(1)
        array[size++] = v.toByte()
    }

    /** Writes a big-endian 16-bit integer. */
    public fun writeShort(v: Int) {
        ensure(2)
        val a = array
        var p = size
        a[p++] = (v ushr 8).toByte()
        a[p++] = v.toByte()
        size = p
    }

    /** Writes a big-endian 32-bit integer. */
    public fun writeInt(v: Int) {
        ensure(4)
        putInt(size, v)
        size += 4
    }

    /** Writes a big-endian 64-bit integer. */
    public fun writeLong(v: Long) {
        ensure(8)
        val a = array
        var p = size
        for (shift in 56 downTo 0 step 8) a[p++] = (v ushr shift).toByte()
        size = p
    }

    /** Writes the IEEE 754 bits of a float. */
    public fun writeFloat(v: Float): Unit = writeInt(java.lang.Float.floatToRawIntBits(v))

    /** Writes the IEEE 754 bits of a double. */
    public fun writeDouble(v: Double): Unit = writeLong(java.lang.Double.doubleToRawLongBits(v))

    /** Writes raw bytes. */
    public fun writeBytes(src: ByteArray, offset: Int = 0, length: Int = src.size - offset) {
        ensure(length)
        System.arraycopy(src, offset, array, size, length)
        size += length
    }

    /** Writes a string as UTF-8 without terminator; returns the number of bytes written. */
    public fun writeUtf8(s: String): Int {
        val start = size
        val len = s.length
        ensure(len)
        var i = 0
        // ASCII fast path: most SQL text and identifiers are ASCII, so avoid the encoder entirely.
        while (i < len) {
            val c = s[i]
            if (c.code >= 0x80) break
            array[size++] = c.code.toByte()
            i++
        }
        if (i < len) {
            // String.toByteArray would turn an unpaired surrogate into '?' and send a different text without a word.
            val bad = firstUnpairedSurrogate(s, i)
            if (bad >= 0) throw UnpairedSurrogateException(bad)
            val rest = s.substring(i).toByteArray(StandardCharsets.UTF_8)
            writeBytes(rest)
        }
        return size - start
    }

    /** Writes a string as UTF-8 followed by a NUL terminator, as protocol strings are framed. */
    public fun writeCString(s: String) {
        writeUtf8(s)
        writeByte(0)
    }

    /** Reserves four bytes for an integer written later with [patchInt] or [patchLength]; returns its position. */
    public fun reserveInt(): Int {
        ensure(4)
        val at = size
        size += 4
        return at
    }

    /** Overwrites the four bytes at [at] with [v]. */
    public fun patchInt(at: Int, v: Int): Unit = putInt(at, v)

    /**
     * Fills a placeholder from [reserveInt] with the number of bytes from it to the current end, the placeholder
     * itself included: the protocol's message-length convention.
     */
    public fun patchLength(at: Int): Unit = putInt(at, size - at)

    /** A copy of the written bytes; meant for tests and one-off messages, not for the hot path. */
    public fun toByteArray(): ByteArray = array.copyOf(size)

    private fun putInt(at: Int, v: Int) {
        val a = array
        a[at] = (v ushr 24).toByte()
        a[at + 1] = (v ushr 16).toByte()
        a[at + 2] = (v ushr 8).toByte()
        a[at + 3] = v.toByte()
    }
}
