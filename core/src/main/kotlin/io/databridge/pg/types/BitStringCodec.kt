package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readInt

/** `bit` and `varbit` ↔ [PgBitString]. Binary: the bit count (int4) then the packed bits. */
public class BitStringCodec private constructor(override val type: PgTypeIdentity) : PgCodec<PgBitString> {
    override val valueClass: Class<PgBitString> = PgBitString::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgBitString {
        requireAtLeast(type, length, 4)
        val bits = readInt(buf, offset)
        if (bits < 0 || length != 4 + (bits + 7) / 8) throw malformed(type, "binary length $length for $bits bits")
        return try {
            PgBitString.of(buf.copyOfRange(offset + 4, offset + length), bits)
        } catch (e: IllegalArgumentException) {
            throw malformed(type, e.message ?: "bad padding", e)
        }
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgBitString =
        parseText(type, buf, offset, length) { PgBitString.parse(it) }

    override fun encodeBinary(value: PgBitString, out: ByteWriter, context: CodecContext) {
        out.writeInt(value.length)
        out.writeBytes(value.bytes())
    }

    override fun encodeText(value: PgBitString, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value.toString())
    }

    /** The two bit-string types. */
    public companion object {
        /** `bit(n)`. */
        @JvmField
        public val BIT: BitStringCodec = BitStringCodec(BuiltinTypes.BIT)

        /** `varbit`. */
        @JvmField
        public val VARBIT: BitStringCodec = BitStringCodec(BuiltinTypes.VARBIT)
    }
}
