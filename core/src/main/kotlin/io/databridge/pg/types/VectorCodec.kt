package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import java.nio.charset.StandardCharsets

/**
 * The pgvector extension's `vector` type as [PgVector]. Its OID differs per database, so it is registered by
 * catalog resolution under the name `vector`.
 */
public class VectorCodec(override val type: PgTypeIdentity) : PgCodec<PgVector> {
    override val valueClass: Class<PgVector> = PgVector::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgVector {
        val r = BoundedReader(buf, offset, length, type)
        val dim = r.short("dimension count")
        val unused = r.short("reserved field")
        if (dim < 1 || dim > MAX_DIMENSIONS) malformedValue(type, "dimension count $dim is outside 1..$MAX_DIMENSIONS")
        if (unused != 0) malformedValue(type, "reserved field is $unused, expected 0")
        if (r.remaining != dim * 4) malformedValue(type, "$dim dimensions need ${dim * 4} bytes, got ${r.remaining}")
        val values = FloatArray(dim) { java.lang.Float.intBitsToFloat(r.int("component $it")) }
        for ((i, v) in values.withIndex()) if (!v.isFinite()) malformedValue(type, "component $i is $v")
        return PgVector(values)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgVector {
        val c = TextCursor(buf, offset, length, type)
        c.skipSpace()
        c.expect('[', "to open a vector")
        val values = ArrayList<Float>()
        while (true) {
            c.skipSpace()
            val start = c.pos
            while (!c.atEnd && c.peek() != ','.code && c.peek() != ']'.code) c.pos++
            val text = String(buf, start, c.pos - start, StandardCharsets.US_ASCII).trim()
            val v = text.toFloatOrNull() ?: c.fail("'$text' is not a number")
            if (!v.isFinite()) c.fail("component ${values.size} is $v")
            values += v
            if (values.size > MAX_DIMENSIONS) c.fail("more than $MAX_DIMENSIONS dimensions")
            when (c.peek()) {
                ','.code -> c.pos++
                ']'.code -> { c.pos++; break }
                else -> c.fail("unterminated vector")
            }
        }
        c.expectEnd()
        return PgVector(values.toFloatArray())
    }

    override fun encodeBinary(value: PgVector, out: ByteWriter, context: CodecContext) {
        check(value)
        out.writeShort(value.dimensions)
        out.writeShort(0)
        for (v in value.values) out.writeFloat(v)
    }

    override fun encodeText(value: PgVector, out: ByteWriter, context: CodecContext) {
        check(value)
        out.writeByte('['.code)
        for ((i, v) in value.values.withIndex()) {
            if (i > 0) out.writeByte(','.code)
            out.writeUtf8(v.toString())
        }
        out.writeByte(']'.code)
    }

    private fun check(value: PgVector) {
        if (value.dimensions < 1 || value.dimensions > MAX_DIMENSIONS) {
            unencodableValue(type, "${value.dimensions} dimensions is outside 1..$MAX_DIMENSIONS")
        }
        for ((i, v) in value.values.withIndex()) if (!v.isFinite()) unencodableValue(type, "component $i is $v")
    }

    private companion object {
        // pgvector's VECTOR_MAX_DIM.
        const val MAX_DIMENSIONS = 16000
    }
}
