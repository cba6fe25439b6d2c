package io.databridge.pg.protocol

/** Reads a big-endian 16-bit signed integer. */
internal fun readShort(buf: ByteArray, at: Int): Int = (buf[at].toInt() shl 8) or (buf[at + 1].toInt() and 0xFF)

/** Reads a big-endian 32-bit integer. */
internal fun readInt(buf: ByteArray, at: Int): Int =
    (buf[at].toInt() shl 24) or ((buf[at + 1].toInt() and 0xFF) shl 16) or
        ((buf[at + 2].toInt() and 0xFF) shl 8) or (buf[at + 3].toInt() and 0xFF)

/** Reads a big-endian 64-bit integer. */
internal fun readLong(buf: ByteArray, at: Int): Long =
    (readInt(buf, at).toLong() shl 32) or (readInt(buf, at + 4).toLong() and 0xFFFFFFFFL)
