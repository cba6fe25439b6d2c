package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * Composite types as [PgComposite] values. With [fields] null it serves the anonymous `record` type, which is read in
 * text: a record's field types are known only from its binary form, once the rows arrive, too late to ask for text
 * for a field whose type has no codec (its binary bytes cannot be turned into text here). So every field of an
 * anonymous record is a String (its PostgreSQL text), whatever its type, the same in both protocols; cast to a named
 * composite type for typed fields. Decoding a binary record (e.g. `record_send` output) still works: fields are
 * decoded by the OIDs it carries, and a field of a type without a codec keeps its bytes as a `ByteArray`. PostgreSQL
 * cannot read anonymous records, so encoding one fails. For a named type, a field whose type has no codec is decoded
 * from text as a String, and makes the type text-only.
 */
public class CompositeCodec(
    override val type: PgTypeIdentity,
    /** The attributes in order, or null for the anonymous `record` type. */
    public val fields: List<CompositeField>?,
) : PgCodec<PgComposite> {
    override val valueClass: Class<PgComposite> = PgComposite::class.java

    override val supportsBinary: Boolean = fields?.all { it.codec?.supportsBinary == true } ?: false

    private val names: List<String> = fields?.map { it.name } ?: emptyList()

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgComposite {
        val r = BoundedReader(buf, offset, length, type)
        val count = r.int("field count")
        // Each field takes at least an OID and a length.
        if (count < 0 || count.toLong() * 8 > r.remaining) malformedValue(type, "field count $count does not fit in ${r.remaining} bytes")
        if (fields != null && count != fields.size) malformedValue(type, "$count fields, the type has ${fields.size}")
        val values = ArrayList<Any?>(count)
        for (i in 0 until count) {
            val oid = r.int("type of field ${i + 1}")
            val field = fields?.get(i)
            if (field != null && oid != field.typeOid) {
                malformedValue(type, "field ${field.name} has type OID $oid, expected ${field.typeOid}")
            }
            val len = r.lengthPrefix("field ${i + 1}")
            if (len < 0) {
                values += null
                continue
            }
            val codec = field?.codec ?: context.registry.codecFor(oid)
            if (codec == null) {
                // Binary of a type nobody registered cannot be read as text: keep its bytes rather than fail the row.
                values += buf.copyOfRange(r.pos, r.pos + len)
                r.skip(len, "field ${i + 1}")
                continue
            }
            values += codec.decodeMember(Format.BINARY, buf, r.pos, len, context, type, "field ${field?.name ?: (i + 1)}")
            r.skip(len, "field ${i + 1}")
        }
        r.expectEnd()
        return PgComposite(values, if (fields != null) names else List(count) { "f${it + 1}" })
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgComposite {
        val c = TextCursor(buf, offset, length, type)
        c.skipSpace()
        c.expect('(', "to open a record")
        val values = ArrayList<Any?>(fields?.size ?: 4)
        while (true) {
            val i = values.size
            if (fields != null && i >= fields.size) c.fail("more than ${fields.size} fields")
            val p = c.peek()
            if (p == ','.code || p == ')'.code) {
                values += null
            } else {
                c.scanDoubledQuoteToken(',', ')')
                val codec = fields?.get(i)?.codec
                values += codec?.decodeMember(Format.TEXT, c.tokenBuf, c.tokenOffset, c.tokenLength, context, type, "field ${names.getOrNull(i) ?: (i + 1)}")
                    ?: utf8(c.tokenBuf, c.tokenOffset, c.tokenLength)
            }
            when (c.peek()) {
                ','.code -> c.pos++
                ')'.code -> { c.pos++; break }
                else -> c.fail("expected ',' or ')' after field ${i + 1}")
            }
        }
        c.expectEnd()
        if (fields != null && values.size != fields.size) c.fail("${values.size} fields, the type has ${fields.size}")
        return PgComposite(values, if (fields != null) names else List(values.size) { "f${it + 1}" })
    }

    override fun encodeBinary(value: PgComposite, out: ByteWriter, context: CodecContext) {
        val fs = checkArity(value)
        out.writeInt(value.values.size)
        for ((i, v) in value.values.withIndex()) {
            val field = fs[i]
            val codec = field.codec
            out.writeInt(field.typeOid)
            if (v == null) {
                out.writeInt(-1)
            } else {
                codec ?: unencodableValue(type, "field ${fieldName(i)} has no binary codec")
                codec.writeBinaryMember(v, out, context, type, "field ${fieldName(i)}")
            }
        }
    }

    override fun encodeText(value: PgComposite, out: ByteWriter, context: CodecContext) {
        val fs = checkArity(value)
        val scratch = ByteWriter(32)
        out.writeByte('('.code)
        for ((i, v) in value.values.withIndex()) {
            if (i > 0) out.writeByte(','.code)
            if (v == null) continue
            scratch.reset()
            val codec = fs[i].codec
            if (codec != null) {
                codec.encodeChecked(v, Format.TEXT, scratch, context, type, "field ${fieldName(i)}")
            } else if (v is String) {
                scratch.writeUtf8(v)
            } else {
                unencodableValue(type, "field ${fieldName(i)} has an unknown type; pass its text as a String")
            }
            writeQuotedMember(scratch.array, 0, scratch.size, out, isRecordSpecial, doubleEscape = true, quoteNullWord = false)
        }
        out.writeByte(')'.code)
    }

    private fun checkArity(value: PgComposite): List<CompositeField> {
        if (fields == null) unencodableValue(type, "PostgreSQL cannot read anonymous records; cast to a named composite type")
        if (value.values.size != fields.size) unencodableValue(type, "${value.values.size} values for ${fields.size} fields $names")
        return fields
    }

    private fun fieldName(i: Int): String = names.getOrNull(i) ?: (i + 1).toString()

    private val isRecordSpecial: (Int) -> Boolean = { c -> c == '('.code || c == ')'.code || c == ','.code }
}
