package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readInt
import io.databridge.pg.protocol.readLong
import io.databridge.pg.protocol.readShort

/** `bool` ↔ [Boolean]; text `t`/`f`. */
public object BoolCodec : PgCodec<Boolean> {
    override val type: PgTypeIdentity = BuiltinTypes.BOOL
    override val valueClass: Class<Boolean> = Boolean::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Boolean {
        requireLength(type, length, 1)
        return when (buf[offset].toInt()) {
            0 -> false
            1 -> true
            else -> throw malformed(type, "byte ${buf[offset]}")
        }
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Boolean =
        parseText(type, buf, offset, length) {
            when (it.trim().lowercase()) {
                "t", "true", "yes", "on", "1" -> true
                "f", "false", "no", "off", "0" -> false
                else -> throw malformed(type, "not a boolean")
            }
        }

    override fun encodeBinary(value: Boolean, out: ByteWriter, context: CodecContext): Unit = out.writeByte(if (value) 1 else 0)

    override fun encodeText(value: Boolean, out: ByteWriter, context: CodecContext): Unit = out.writeByte(if (value) 't'.code else 'f'.code)
}

/** `int2` ↔ [Short]. */
public object Int2Codec : PgCodec<Short> {
    override val type: PgTypeIdentity = BuiltinTypes.INT2
    override val valueClass: Class<Short> = Short::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Short {
        requireLength(type, length, 2)
        return readShort(buf, offset).toShort()
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Short =
        parseLongAscii(type, buf, offset, length, Short.MIN_VALUE.toLong(), Short.MAX_VALUE.toLong()).toShort()

    override fun encodeBinary(value: Short, out: ByteWriter, context: CodecContext): Unit = out.writeShort(value.toInt())

    override fun encodeText(value: Short, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value.toString())
    }
}

/** `int4` ↔ [Int]. */
public object Int4Codec : PgCodec<Int> {
    override val type: PgTypeIdentity = BuiltinTypes.INT4
    override val valueClass: Class<Int> = Int::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Int {
        requireLength(type, length, 4)
        return readInt(buf, offset)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Int =
        parseLongAscii(type, buf, offset, length, Int.MIN_VALUE.toLong(), Int.MAX_VALUE.toLong()).toInt()

    override fun encodeBinary(value: Int, out: ByteWriter, context: CodecContext): Unit = out.writeInt(value)

    override fun encodeText(value: Int, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value.toString())
    }
}

/** `int8` ↔ [Long]. */
public object Int8Codec : PgCodec<Long> {
    override val type: PgTypeIdentity = BuiltinTypes.INT8
    override val valueClass: Class<Long> = Long::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Long {
        requireLength(type, length, 8)
        return readLong(buf, offset)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Long =
        parseLongAscii(type, buf, offset, length, Long.MIN_VALUE, Long.MAX_VALUE)

    override fun encodeBinary(value: Long, out: ByteWriter, context: CodecContext): Unit = out.writeLong(value)

    override fun encodeText(value: Long, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value.toString())
    }
}

/** `oid` (unsigned 32-bit) ↔ [Long] in `0..4294967295`. */
public object OidCodec : PgCodec<Long> {
    private const val MAX = 0xFFFFFFFFL
    override val type: PgTypeIdentity = BuiltinTypes.OID
    override val valueClass: Class<Long> = Long::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Long {
        requireLength(type, length, 4)
        return readInt(buf, offset).toLong() and MAX
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Long =
        parseLongAscii(type, buf, offset, length, 0, MAX)

    override fun encodeBinary(value: Long, out: ByteWriter, context: CodecContext) {
        check(value)
        out.writeInt(value.toInt())
    }

    override fun encodeText(value: Long, out: ByteWriter, context: CodecContext) {
        check(value)
        out.writeUtf8(value.toString())
    }

    private fun check(value: Long) {
        if (value < 0 || value > MAX) throw unencodable(type, "out of range 0..4294967295")
    }
}

/** `float4` ↔ [Float]; NaN and ±Infinity travel as such (text `NaN`, `Infinity`, `-Infinity`). */
public object Float4Codec : PgCodec<Float> {
    override val type: PgTypeIdentity = BuiltinTypes.FLOAT4
    override val valueClass: Class<Float> = Float::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Float {
        requireLength(type, length, 4)
        return java.lang.Float.intBitsToFloat(readInt(buf, offset))
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Float =
        parseText(type, buf, offset, length) { parseFloatText(it).toFloat() }

    override fun encodeBinary(value: Float, out: ByteWriter, context: CodecContext): Unit = out.writeFloat(value)

    // Java prints the shortest string that reads back to the same float; the server's float4in parses it exactly.
    override fun encodeText(value: Float, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value.toString())
    }
}

/** `float8` ↔ [Double]; NaN and ±Infinity travel as such (text `NaN`, `Infinity`, `-Infinity`). */
public object Float8Codec : PgCodec<Double> {
    override val type: PgTypeIdentity = BuiltinTypes.FLOAT8
    override val valueClass: Class<Double> = Double::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Double {
        requireLength(type, length, 8)
        return readDouble(buf, offset)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Double =
        parseText(type, buf, offset, length) { parseFloatText(it) }

    override fun encodeBinary(value: Double, out: ByteWriter, context: CodecContext): Unit = out.writeDouble(value)

    override fun encodeText(value: Double, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value.toString())
    }
}

/** Parses the server's float output; Java's parser alone would also accept hex floats and `d`/`f` suffixes. */
internal fun parseFloatText(s: String): Double = when (s) {
    "NaN" -> Double.NaN
    "Infinity" -> Double.POSITIVE_INFINITY
    "-Infinity" -> Double.NEGATIVE_INFINITY
    else -> {
        require(s.isNotEmpty() && s.all { it in '0'..'9' || it == '.' || it == 'e' || it == 'E' || it == '-' || it == '+' }) { "not a number" }
        s.toDouble()
    }
}

/**
 * `"char"` (PostgreSQL's single-byte internal type, not `char(n)`) ↔ [Char] in `\u0000..\u00FF`; the NUL byte is
 * the empty value and bytes of 128 and above print as `\ooo` in text.
 */
public object CharCodec : PgCodec<Char> {
    override val type: PgTypeIdentity = BuiltinTypes.CHAR
    override val valueClass: Class<Char> = Char::class.javaObjectType

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Char {
        requireLength(type, length, 1)
        return (buf[offset].toInt() and 0xFF).toChar()
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Char = when {
        length == 0 -> '\u0000'
        length == 1 -> (buf[offset].toInt() and 0xFF).toChar()
        length == 4 && buf[offset] == '\\'.code.toByte() ->
            parseText(type, buf, offset + 1, 3) { it.toInt(8).also { v -> require(v in 0..255) }.toChar() }
        else -> throw malformed(type, "text length $length")
    }

    override fun encodeBinary(value: Char, out: ByteWriter, context: CodecContext) {
        check(value)
        out.writeByte(value.code)
    }

    override fun encodeText(value: Char, out: ByteWriter, context: CodecContext) {
        check(value)
        when {
            value.code == 0 -> Unit
            value.code < 0x80 -> out.writeByte(value.code)
            else -> out.writeUtf8("\\" + value.code.toString(8).padStart(3, '0'))
        }
    }

    private fun check(value: Char) {
        if (value.code > 0xFF) throw unencodable(type, "character U+%04X does not fit one byte".format(value.code))
    }
}
