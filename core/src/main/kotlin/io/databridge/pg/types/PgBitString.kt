package io.databridge.pg.types

/** A `bit(n)`/`varbit` value: [length] bits, most significant bit of the first byte first. */
public class PgBitString private constructor(
    /** Number of bits. */
    public val length: Int,
    private val data: ByteArray,
) {
    /** The bit at [index] (0 is the leftmost). */
    public operator fun get(index: Int): Boolean {
        if (index !in 0 until length) throw IndexOutOfBoundsException("bit $index of $length")
        return (data[index / 8].toInt() shr (7 - index % 8)) and 1 == 1
    }

    /** A copy of the packed bits, `(length + 7) / 8` bytes, unused trailing bits zero. */
    public fun toByteArray(): ByteArray = data.copyOf()

    internal fun bytes(): ByteArray = data

    override fun equals(other: Any?): Boolean = other is PgBitString && other.length == length && other.data.contentEquals(data)

    override fun hashCode(): Int = 31 * length + data.contentHashCode()

    /** The bits as `0`/`1` characters, as PostgreSQL prints them. */
    override fun toString(): String {
        val bits = CharArray(length) { if (get(it)) '1' else '0' }
        return String(bits)
    }

    /** Builders. */
    public companion object {
        /** Bits from `0`/`1` characters. */
        @JvmStatic
        public fun parse(bits: String): PgBitString {
            val data = ByteArray((bits.length + 7) / 8)
            for ((i, c) in bits.withIndex()) {
                when (c) {
                    '1' -> data[i / 8] = (data[i / 8].toInt() or (0x80 ushr (i % 8))).toByte()
                    '0' -> Unit
                    else -> throw IllegalArgumentException("'$c' is not a bit")
                }
            }
            return PgBitString(bits.length, data)
        }

        /** [length] bits packed in [bytes] (bits beyond [length] must be zero, as PostgreSQL requires). */
        @JvmStatic
        public fun of(bytes: ByteArray, length: Int): PgBitString {
            require(length >= 0 && bytes.size == (length + 7) / 8) { "$length bits need ${(length + 7) / 8} bytes, got ${bytes.size}" }
            if (length % 8 != 0) {
                val mask = 0xFF ushr (length % 8)
                require(bytes[bytes.size - 1].toInt() and mask == 0) { "bits beyond the length must be zero" }
            }
            return PgBitString(length, bytes.copyOf())
        }
    }
}
