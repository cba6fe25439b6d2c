package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.LowerHex

/**
 * `bytea` ↔ [ByteArray]. Text is written in hex format (`\x0a1b`); decoding accepts hex and the legacy escape
 * format (`bytea_output = escape`: printable bytes as-is, `\\`, `\ooo`).
 */
public object ByteaCodec : PgCodec<ByteArray> {
    override val type: PgTypeIdentity = BuiltinTypes.BYTEA
    override val valueClass: Class<ByteArray> = ByteArray::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): ByteArray =
        buf.copyOfRange(offset, offset + length)

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): ByteArray =
        if (length >= 2 && buf[offset] == '\\'.code.toByte() && buf[offset + 1] == 'x'.code.toByte()) {
            decodeHex(buf, offset + 2, length - 2)
        } else {
            decodeEscape(buf, offset, length)
        }

    override fun encodeBinary(value: ByteArray, out: ByteWriter, context: CodecContext): Unit = out.writeBytes(value)

    override fun encodeText(value: ByteArray, out: ByteWriter, context: CodecContext) {
        out.ensure(2 + value.size * 2)
        out.writeByte('\\'.code)
        out.writeByte('x'.code)
        for (b in value) {
            out.writeByte(LowerHex.high(b).toInt())
            out.writeByte(LowerHex.low(b).toInt())
        }
    }

    private fun decodeHex(buf: ByteArray, offset: Int, length: Int): ByteArray {
        if (length % 2 != 0) throw malformed(type, "odd number of hex digits")
        val result = ByteArray(length / 2)
        for (i in result.indices) {
            result[i] = ((hexDigit(buf[offset + 2 * i]) shl 4) or hexDigit(buf[offset + 2 * i + 1])).toByte()
        }
        return result
    }

    private fun hexDigit(b: Byte): Int = when (val c = b.toInt().toChar()) {
        in '0'..'9' -> c - '0'
        in 'a'..'f' -> c - 'a' + 10
        in 'A'..'F' -> c - 'A' + 10
        else -> throw malformed(type, "invalid hex digit")
    }

    private fun decodeEscape(buf: ByteArray, offset: Int, length: Int): ByteArray {
        val result = ByteArray(length)
        var n = 0
        var i = offset
        val end = offset + length
        while (i < end) {
            val b = buf[i]
            if (b != '\\'.code.toByte()) {
                result[n++] = b
                i++
            } else if (i + 1 < end && buf[i + 1] == '\\'.code.toByte()) {
                result[n++] = b
                i += 2
            } else {
                if (i + 4 > end) throw malformed(type, "truncated escape")
                val v = octalDigit(buf[i + 1]) * 64 + octalDigit(buf[i + 2]) * 8 + octalDigit(buf[i + 3])
                if (v > 255) throw malformed(type, "octal escape out of range")
                result[n++] = v.toByte()
                i += 4
            }
        }
        return result.copyOf(n)
    }

    private fun octalDigit(b: Byte): Int {
        val d = b - '0'.code.toByte()
        if (d !in 0..7) throw malformed(type, "invalid escape")
        return d
    }
}
