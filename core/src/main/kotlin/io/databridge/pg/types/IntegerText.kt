package io.databridge.pg.types

/** Parses a decimal integer straight from the receive buffer (no String), failing with the type's name. */
internal fun parseLongAscii(type: PgTypeIdentity, buf: ByteArray, offset: Int, length: Int, min: Long, max: Long): Long {
    if (length <= 0) throw malformed(type, "empty text")
    var i = offset
    val end = offset + length
    val negative = buf[i] == '-'.code.toByte()
    if (negative || buf[i] == '+'.code.toByte()) i++
    if (i == end) throw malformed(type, "no digits")
    // Accumulate negatively so Long.MIN_VALUE parses without overflow.
    var acc = 0L
    while (i < end) {
        val d = buf[i] - '0'.code.toByte()
        if (d !in 0..9) throw malformed(type, "invalid digit")
        if (acc < (Long.MIN_VALUE + d) / 10) throw malformed(type, "out of range")
        acc = acc * 10 - d
        i++
    }
    val v = if (negative) acc else {
        if (acc == Long.MIN_VALUE) throw malformed(type, "out of range")
        -acc
    }
    if (v < min || v > max) throw malformed(type, "out of range")
    return v
}
