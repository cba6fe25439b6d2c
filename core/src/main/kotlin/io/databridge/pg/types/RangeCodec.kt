package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * Range types (`int4range`, `tstzrange`, user ranges) as [PgRange] values whose bounds are decoded by [subtypeCodec].
 */
public class RangeCodec(
    override val type: PgTypeIdentity,
    /** The codec of the range's subtype (`rngsubtype`). */
    public val subtypeCodec: PgCodec<*>,
) : PgCodec<PgRange<*>> {
    override val valueClass: Class<PgRange<*>> = PgRange::class.java

    override val supportsBinary: Boolean get() = subtypeCodec.supportsBinary

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgRange<*> {
        val r = BoundedReader(buf, offset, length, type)
        val flags = r.byte("flags")
        if (flags and KNOWN_FLAGS.inv() != 0) malformedValue(type, "unknown range flags 0x%02x".format(flags))
        if (flags and EMPTY != 0) {
            if (flags != EMPTY) malformedValue(type, "empty range with bound flags 0x%02x".format(flags))
            r.expectEnd()
            return PgRange.empty<Any>()
        }
        val lower = readBound(r, flags, LB_INF, LB_INC, buf, context, "lower bound")
        val upper = readBound(r, flags, UB_INF, UB_INC, buf, context, "upper bound")
        r.expectEnd()
        return PgRange(lower, upper)
    }

    private fun readBound(r: BoundedReader, flags: Int, inf: Int, inc: Int, buf: ByteArray, context: CodecContext, what: String): RangeBound<Any> {
        if (flags and inf != 0) return RangeBound.Unbounded
        val len = r.lengthPrefix(what)
        if (len < 0) malformedValue(type, "NULL $what")
        val v = subtypeCodec.decodeMember(Format.BINARY, buf, r.pos, len, context, type, what)
        r.skip(len, what)
        return if (flags and inc != 0) RangeBound.Inclusive(v) else RangeBound.Exclusive(v)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgRange<*> {
        val c = TextCursor(buf, offset, length, type)
        val range = parseRange(c, context)
        c.expectEnd()
        return range
    }

    /** Parses one range at the cursor (shared with multiranges, which list several). */
    internal fun parseRange(c: TextCursor, context: CodecContext): PgRange<*> {
        c.skipSpace()
        if (c.startsWithIgnoreCase("empty")) {
            c.pos += 5
            return PgRange.empty<Any>()
        }
        val lowerInclusive = when (c.peek()) {
            '['.code -> true
            '('.code -> false
            else -> c.fail("a range starts with '[', '(' or 'empty'")
        }
        c.pos++
        val lower = parseBoundValue(c, context, ',', ',', "lower bound")
        c.expect(',', "between the bounds")
        val upper = parseBoundValue(c, context, ']', ')', "upper bound")
        val upperInclusive = c.peek() == ']'.code
        c.pos++
        return PgRange(bound(lower, lowerInclusive), bound(upper, upperInclusive))
    }

    private fun parseBoundValue(c: TextCursor, context: CodecContext, stop1: Char, stop2: Char, what: String): Any? {
        val p = c.peek()
        if (p == ','.code || p == ')'.code || p == ']'.code) return null
        c.scanDoubledQuoteToken(stop1, stop2)
        return subtypeCodec.decodeMember(Format.TEXT, c.tokenBuf, c.tokenOffset, c.tokenLength, context, type, what)
    }

    private fun bound(value: Any?, inclusive: Boolean): RangeBound<Any> = when {
        value == null -> RangeBound.Unbounded
        inclusive -> RangeBound.Inclusive(value)
        else -> RangeBound.Exclusive(value)
    }

    override fun encodeBinary(value: PgRange<*>, out: ByteWriter, context: CodecContext) {
        if (value.isEmpty) {
            out.writeByte(EMPTY)
            return
        }
        var flags = 0
        when (value.lower) {
            is RangeBound.Inclusive -> flags = flags or LB_INC
            is RangeBound.Exclusive -> {}
            RangeBound.Unbounded -> flags = flags or LB_INF
        }
        when (value.upper) {
            is RangeBound.Inclusive -> flags = flags or UB_INC
            is RangeBound.Exclusive -> {}
            RangeBound.Unbounded -> flags = flags or UB_INF
        }
        out.writeByte(flags)
        boundValue(value.lower)?.let { subtypeCodec.writeBinaryMember(it, out, context, type, "lower bound") }
        boundValue(value.upper)?.let { subtypeCodec.writeBinaryMember(it, out, context, type, "upper bound") }
    }

    override fun encodeText(value: PgRange<*>, out: ByteWriter, context: CodecContext) {
        if (value.isEmpty) {
            out.writeUtf8("empty")
            return
        }
        val scratch = ByteWriter(32)
        out.writeByte(if (value.lower is RangeBound.Inclusive) '['.code else '('.code)
        writeTextBound(value.lower, out, scratch, context, "lower bound")
        out.writeByte(','.code)
        writeTextBound(value.upper, out, scratch, context, "upper bound")
        out.writeByte(if (value.upper is RangeBound.Inclusive) ']'.code else ')'.code)
    }

    private fun writeTextBound(bound: RangeBound<*>, out: ByteWriter, scratch: ByteWriter, context: CodecContext, what: String) {
        val v = boundValue(bound) ?: return
        scratch.reset()
        subtypeCodec.encodeChecked(v, Format.TEXT, scratch, context, type, what)
        writeQuotedMember(scratch.array, 0, scratch.size, out, isRangeSpecial, doubleEscape = true, quoteNullWord = false)
    }

    private fun boundValue(bound: RangeBound<*>): Any? = when (bound) {
        is RangeBound.Inclusive -> bound.value
        is RangeBound.Exclusive -> bound.value
        RangeBound.Unbounded -> null
    }

    private val isRangeSpecial: (Int) -> Boolean = { c ->
        c == '('.code || c == ')'.code || c == '['.code || c == ']'.code || c == ','.code
    }

    private companion object {
        const val EMPTY = 0x01
        const val LB_INC = 0x02
        const val UB_INC = 0x04
        const val LB_INF = 0x08
        const val UB_INF = 0x10
        const val KNOWN_FLAGS = EMPTY or LB_INC or UB_INC or LB_INF or UB_INF
    }
}
