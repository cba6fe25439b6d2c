package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/** Multirange types (`int4multirange`, …) as a `List` of [PgRange]s, decoded by the codec of the member range type. */
public class MultirangeCodec(
    override val type: PgTypeIdentity,
    /** The codec of the range type the multirange is made of. */
    public val rangeCodec: RangeCodec,
) : PgCodec<List<*>> {
    override val valueClass: Class<List<*>> = List::class.java

    override val supportsBinary: Boolean get() = rangeCodec.supportsBinary

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): List<PgRange<*>> {
        val r = BoundedReader(buf, offset, length, type)
        val count = r.int("range count")
        // Each range takes at least its 4-byte length and 1 flag byte.
        if (count < 0 || count.toLong() * 5 > r.remaining) malformedValue(type, "range count $count does not fit in ${r.remaining} bytes")
        val ranges = ArrayList<PgRange<*>>(count)
        for (i in 0 until count) {
            val len = r.lengthPrefix("range $i")
            if (len < 0) malformedValue(type, "NULL range $i")
            ranges += rangeCodec.decodeMember(Format.BINARY, buf, r.pos, len, context, type, "range $i") as PgRange<*>
            r.skip(len, "range $i")
        }
        r.expectEnd()
        return ranges
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): List<PgRange<*>> {
        val c = TextCursor(buf, offset, length, type)
        c.skipSpace()
        c.expect('{', "to open a multirange")
        val ranges = ArrayList<PgRange<*>>()
        c.skipSpace()
        if (c.peek() == '}'.code) {
            c.pos++
        } else {
            while (true) {
                ranges += rangeCodec.parseRange(c, context)
                c.skipSpace()
                when (c.peek()) {
                    ','.code -> c.pos++
                    '}'.code -> { c.pos++; break }
                    else -> c.fail("expected ',' or '}' after range ${ranges.size - 1}")
                }
            }
        }
        c.expectEnd()
        return ranges
    }

    override fun encodeBinary(value: List<*>, out: ByteWriter, context: CodecContext) {
        out.writeInt(value.size)
        for ((i, range) in value.withIndex()) {
            if (range == null) unencodableValue(type, "range $i is null")
            rangeCodec.writeBinaryMember(range, out, context, type, "range $i")
        }
    }

    override fun encodeText(value: List<*>, out: ByteWriter, context: CodecContext) {
        out.writeByte('{'.code)
        for ((i, range) in value.withIndex()) {
            if (range == null) unencodableValue(type, "range $i is null")
            if (i > 0) out.writeByte(','.code)
            rangeCodec.encodeChecked(range, Format.TEXT, out, context, type, "range $i")
        }
        out.writeByte('}'.code)
    }
}
