package io.databridge.pg.protocol

/** Lowercase hexadecimal as ASCII bytes: bytea's text form and the MD5 password response both use it. */
internal object LowerHex {
    private val DIGITS = "0123456789abcdef".encodeToByteArray()

    /** The ASCII digit for the high nibble of [b]. */
    fun high(b: Byte): Byte = DIGITS[(b.toInt() ushr 4) and 0xF]

    /** The ASCII digit for the low nibble of [b]. */
    fun low(b: Byte): Byte = DIGITS[b.toInt() and 0xF]

    /** [bytes] as lowercase hex digits, two ASCII bytes per input byte. */
    fun encode(bytes: ByteArray): ByteArray {
        val out = ByteArray(bytes.size * 2)
        for (i in bytes.indices) {
            out[2 * i] = high(bytes[i])
            out[2 * i + 1] = low(bytes[i])
        }
        return out
    }
}
