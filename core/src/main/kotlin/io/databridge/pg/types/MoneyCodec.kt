package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readLong
import java.math.BigDecimal

/**
 * `money` ↔ [BigDecimal] with scale 2.
 *
 * The wire value is an int8 count of the currency's smallest unit; the scale of 2 assumes an `lc_monetary` with two
 * fractional digits (C, en_US, de_DE, …), which is what almost every server has. Prefer binary: the text output
 * carries locale-specific symbols and separators. Text decoding drops everything but digits, the sign and the last
 * `.` or `,` before the final two digits; text encoding writes a plain number, which every locale accepts.
 * Values with more than 2 decimals or beyond int8 are refused.
 */
public object MoneyCodec : PgCodec<BigDecimal> {
    private const val SCALE = 2
    override val type: PgTypeIdentity = BuiltinTypes.MONEY
    override val valueClass: Class<BigDecimal> = BigDecimal::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): BigDecimal {
        requireLength(type, length, 8)
        return BigDecimal.valueOf(readLong(buf, offset), SCALE)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): BigDecimal =
        parseText(type, buf, offset, length) { text ->
            val negative = text.contains('-') || (text.startsWith('(') && text.endsWith(')'))
            val digits = StringBuilder()
            var decimals = -1
            for (c in text) {
                when {
                    c.isDigit() -> {
                        digits.append(c)
                        if (decimals >= 0) decimals++
                    }
                    c == '.' || c == ',' -> decimals = 0
                }
            }
            // A separator followed by exactly two digits is the decimal point; others were group separators.
            val scale = if (decimals == SCALE) SCALE else 0
            require(digits.isNotEmpty()) { "no digits" }
            val value = BigDecimal(java.math.BigInteger(digits.toString()), scale).setScale(SCALE)
            if (negative) value.negate() else value
        }

    override fun encodeBinary(value: BigDecimal, out: ByteWriter, context: CodecContext): Unit = out.writeLong(cents(value))

    override fun encodeText(value: BigDecimal, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(BigDecimal.valueOf(cents(value), SCALE).toPlainString())
    }

    private fun cents(value: BigDecimal): Long = try {
        value.setScale(SCALE).unscaledValue().longValueExact()
    } catch (e: ArithmeticException) {
        throw unencodable(type, "needs at most $SCALE decimals and must fit int8 cents")
    }
}
