package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readShort
import java.math.BigDecimal
import java.math.BigInteger
import java.math.RoundingMode

/**
 * `numeric` ↔ [Number].
 *
 * Finite values decode to [BigDecimal] with the value's display scale (`1.50` keeps scale 2), at any precision.
 * The specials decode to [Double]: `NaN` → [Double.NaN], `Infinity`/`-Infinity` (PostgreSQL 14+) →
 * [Double.POSITIVE_INFINITY]/[Double.NEGATIVE_INFINITY]; a Double keeps `row.get<BigDecimal>` a plain cast in the
 * common case while the specials stay representable. Encoding accepts any [Number]: BigDecimal, BigInteger,
 * integers, and Double/Float (NaN and ±Infinity map to the specials, finite values to their shortest decimal).
 * Values beyond numeric's limits (131072 digits before the point, 16383 after) are refused.
 */
public object NumericCodec : PgCodec<Number> {
    private const val POS = 0x0000
    private const val NEG = 0x4000
    private const val NAN = 0xC000
    private const val PINF = 0xD000
    private const val NINF = 0xF000
    private const val MAX_DSCALE = 0x3FFF
    private const val MAX_INTEGER_DIGITS = 131072
    private val BASE = BigInteger.valueOf(10000)
    private const val NOT_COMPACT = -1L
    private const val MAX_BEFORE_TIMES_TEN = Long.MAX_VALUE / 10

    // A non-zero Long has at most 18 trailing decimal zeros: dropping more would drop a non-zero digit.
    private const val MAX_DIVISOR_EXPONENT = 18

    override val type: PgTypeIdentity = BuiltinTypes.NUMERIC
    override val valueClass: Class<Number> = Number::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Number {
        requireAtLeast(type, length, 8)
        // The digit count is unsigned: a numeric at its 131,072 + 16,383 digit maximum has more than 32,767 groups.
        val ndigits = readShort(buf, offset) and 0xFFFF
        val weight = readShort(buf, offset + 2)
        val sign = readShort(buf, offset + 4) and 0xFFFF
        val dscale = readShort(buf, offset + 6)
        if (ndigits < 0 || length != 8 + 2 * ndigits) throw malformed(type, "binary length $length for $ndigits digits")
        if (dscale < 0 || dscale > MAX_DSCALE) throw malformed(type, "display scale $dscale")
        when (sign) {
            NAN -> return Double.NaN
            PINF -> return Double.POSITIVE_INFINITY
            NINF -> return Double.NEGATIVE_INFINITY
            POS, NEG -> Unit
            else -> throw malformed(type, "sign 0x%04x".format(sign))
        }
        var small = 0L
        var big: BigInteger? = null
        for (i in 0 until ndigits) {
            val d = readShort(buf, offset + 8 + 2 * i)
            if (d !in 0..9999) throw malformed(type, "base-10000 digit $d")
            // Up to 4 groups (16 decimal digits) fit a Long; beyond that continue in BigInteger.
            if (big == null && i < 4) small = small * 10000 + d
            else {
                big = (big ?: BigInteger.valueOf(small)).multiply(BASE).add(BigInteger.valueOf(d.toLong()))
            }
        }
        // The digits stand for unscaled × 10000^(weight − ndigits + 1).
        val scale = 4 * (ndigits - weight - 1)
        if (big == null) {
            val compact = rescaleCompact(small, scale, dscale)
            if (compact != NOT_COMPACT) return BigDecimal.valueOf(if (sign == NEG) -compact else compact, dscale)
        }
        val unscaled = big ?: BigInteger.valueOf(small)
        var value = BigDecimal(if (sign == NEG) unscaled.negate() else unscaled, scale)
        value = try {
            value.setScale(dscale, RoundingMode.UNNECESSARY)
        } catch (e: ArithmeticException) {
            throw malformed(type, "digits beyond display scale $dscale", e)
        }
        return value
    }

    /**
     * [unscaled] × 10^−[scale] as an unscaled Long at [dscale], or [NOT_COMPACT] when that does not fit a Long or
     * drops non-zero digits (left to the BigDecimal path, which reports the latter). The common case: a value that
     * decodes without BigInteger, division or a second BigDecimal.
     */
    private fun rescaleCompact(unscaled: Long, scale: Int, dscale: Int): Long {
        if (unscaled == 0L) return 0L
        var v = unscaled
        if (dscale >= scale) {
            repeat(dscale - scale) {
                if (v > MAX_BEFORE_TIMES_TEN) return NOT_COMPACT
                v *= 10
            }
        } else {
            if (scale - dscale > MAX_DIVISOR_EXPONENT) return NOT_COMPACT
            repeat(scale - dscale) {
                if (v % 10 != 0L) return NOT_COMPACT
                v /= 10
            }
        }
        return v
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Number =
        parseText(type, buf, offset, length) {
            when (it) {
                "NaN" -> Double.NaN
                "Infinity" -> Double.POSITIVE_INFINITY
                "-Infinity" -> Double.NEGATIVE_INFINITY
                else -> BigDecimal(it)
            }
        }

    override fun encodeBinary(value: Number, out: ByteWriter, context: CodecContext) {
        val special = specialSign(value)
        if (special >= 0) {
            out.writeShort(0)
            out.writeShort(0)
            out.writeShort(special)
            // The server reads dscale from the special's header bits, which yields 32 for ±Infinity; match it.
            out.writeShort(if (special == NAN) 0 else 32)
            return
        }
        val decimal = toBigDecimal(value)
        val dscale = decimal.scale().coerceAtLeast(0)
        if (decimal.signum() == 0) {
            out.writeShort(0)
            out.writeShort(0)
            out.writeShort(POS)
            out.writeShort(dscale)
            return
        }
        if (decimal.scale() >= 0 && decimal.unscaledValue().bitLength() < 63 && writeSmall(decimal, dscale, out)) return
        // Pad the decimal digits so the point falls on a base-10000 boundary, then cut into groups of four.
        var digits = decimal.unscaledValue().abs().toString()
        var fraction = decimal.scale()
        if (fraction < 0) {
            digits += "0".repeat(-fraction)
            fraction = 0
        }
        val integerLength = digits.length - fraction
        val leftPad = (4 - Math.floorMod(integerLength, 4)) % 4
        val rightPad = (4 - fraction % 4) % 4
        val padded = "0".repeat(leftPad) + digits + "0".repeat(rightPad)
        val groups = padded.length / 4
        var weight = (integerLength + leftPad) / 4 - 1
        var first = 0
        var last = groups - 1
        while (group(padded, first) == 0) {
            first++
            weight--
        }
        while (group(padded, last) == 0) last--
        out.writeShort(last - first + 1)
        out.writeShort(weight)
        out.writeShort(if (decimal.signum() < 0) NEG else POS)
        out.writeShort(dscale)
        for (g in first..last) out.writeShort(group(padded, g))
    }

    override fun encodeText(value: Number, out: ByteWriter, context: CodecContext) {
        when (specialSign(value)) {
            NAN -> out.writeUtf8("NaN")
            PINF -> out.writeUtf8("Infinity")
            NINF -> out.writeUtf8("-Infinity")
            else -> out.writeUtf8(toBigDecimal(value).toPlainString())
        }
    }

    /**
     * The allocation-free path for values whose unscaled digits fit a Long once aligned to a base-10000 boundary:
     * peel groups off the low end. Returns false when the alignment would overflow.
     */
    private fun writeSmall(decimal: BigDecimal, dscale: Int, out: ByteWriter): Boolean {
        val rightPad = (4 - dscale % 4) % 4
        var v = Math.abs(decimal.unscaledValue().toLong())
        repeat(rightPad) {
            if (v > Long.MAX_VALUE / 10) return false
            v *= 10
        }
        val fractionGroups = (dscale + rightPad) / 4
        var trailingZeroGroups = 0
        while (v % 10000 == 0L) {
            v /= 10000
            trailingZeroGroups++
        }
        var groups = 0
        var t = v
        while (t != 0L) {
            t /= 10000
            groups++
        }
        out.writeShort(groups)
        out.writeShort(groups + trailingZeroGroups - fractionGroups - 1)
        out.writeShort(if (decimal.signum() < 0) NEG else POS)
        out.writeShort(dscale)
        var divisor = 1L
        repeat(groups - 1) { divisor *= 10000 }
        while (divisor > 0) {
            out.writeShort((v / divisor % 10000).toInt())
            divisor /= 10000
        }
        return true
    }

    private fun group(padded: String, g: Int): Int {
        var v = 0
        for (i in 4 * g until 4 * g + 4) v = v * 10 + (padded[i] - '0')
        return v
    }

    private fun specialSign(value: Number): Int {
        val d = when (value) {
            is Double -> value
            is Float -> value.toDouble()
            else -> return -1
        }
        return when {
            d.isNaN() -> NAN
            d == Double.POSITIVE_INFINITY -> PINF
            d == Double.NEGATIVE_INFINITY -> NINF
            else -> -1
        }
    }

    /** [value] as a BigDecimal checked against numeric's limits. */
    internal fun toBigDecimal(value: Number): BigDecimal {
        val decimal = when (value) {
            is BigDecimal -> value
            is BigInteger -> BigDecimal(value)
            is Long, is Int, is Short, is Byte -> BigDecimal.valueOf(value.toLong())
            is Double -> BigDecimal.valueOf(value)
            is Float -> BigDecimal(value.toString())
            else -> try {
                BigDecimal(value.toString())
            } catch (e: NumberFormatException) {
                throw unencodable(type, "${value.javaClass.name} has no decimal form")
            }
        }
        if (decimal.scale() > MAX_DSCALE) throw unencodable(type, "scale ${decimal.scale()} exceeds $MAX_DSCALE digits after the point")
        if (decimal.signum() != 0 && decimal.precision() - decimal.scale() > MAX_INTEGER_DIGITS) {
            throw unencodable(type, "more than $MAX_INTEGER_DIGITS digits before the point")
        }
        return decimal
    }
}
