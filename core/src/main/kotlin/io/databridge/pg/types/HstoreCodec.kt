package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * The hstore extension type as `Map<String, String?>` (NULL values as null, the server's key order kept).
 * Its OID differs per database, so it is registered by catalog resolution under the name `hstore`.
 */
public class HstoreCodec(override val type: PgTypeIdentity) : PgCodec<Map<*, *>> {
    override val valueClass: Class<Map<*, *>> = Map::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Map<String, String?> {
        val r = BoundedReader(buf, offset, length, type)
        val count = r.int("pair count")
        // Each pair takes at least two 4-byte lengths.
        if (count < 0 || count.toLong() * 8 > r.remaining) malformedValue(type, "pair count $count does not fit in ${r.remaining} bytes")
        val map = LinkedHashMap<String, String?>(mapCapacity(count))
        for (i in 0 until count) {
            val keyLength = r.lengthPrefix("key $i")
            if (keyLength < 0) malformedValue(type, "NULL key $i")
            val key = utf8(buf, r.pos, keyLength)
            r.skip(keyLength, "key $i")
            val valueLength = r.lengthPrefix("value of '$key'")
            map[key] = if (valueLength < 0) {
                null
            } else {
                utf8(buf, r.pos, valueLength).also { r.skip(valueLength, "value of '$key'") }
            }
        }
        r.expectEnd()
        return map
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): Map<String, String?> {
        val c = TextCursor(buf, offset, length, type)
        val map = LinkedHashMap<String, String?>()
        c.skipSpace()
        while (!c.atEnd) {
            c.scanBackslashToken { isPgSpace(it.toByte()) || it == '='.code }
            if (c.tokenLength == 0 && !c.tokenQuoted) c.fail("expected a key at position ${c.pos}")
            val key = utf8(c.tokenBuf, c.tokenOffset, c.tokenLength)
            c.skipSpace()
            c.expect('=', "after key '$key'")
            c.expect('>', "after key '$key'")
            c.skipSpace()
            c.scanBackslashToken { isPgSpace(it.toByte()) || it == ','.code }
            if (c.tokenLength == 0 && !c.tokenQuoted) c.fail("expected a value for key '$key'")
            // hstore keeps the first of duplicate keys.
            if (!map.containsKey(key)) map[key] = if (c.tokenIsNull()) null else utf8(c.tokenBuf, c.tokenOffset, c.tokenLength)
            c.skipSpace()
            if (c.atEnd) break
            c.expect(',', "between pairs")
            c.skipSpace()
        }
        return map
    }

    override fun encodeBinary(value: Map<*, *>, out: ByteWriter, context: CodecContext) {
        out.writeInt(value.size)
        for ((i, entry) in value.entries.withIndex()) {
            val key = keyOf(entry.key, i)
            val v = entry.value
            val at = out.reserveInt()
            out.writeUtf8(key)
            out.patchInt(at, out.size - at - 4)
            if (v == null) {
                out.writeInt(-1)
            } else {
                val vat = out.reserveInt()
                out.writeUtf8(valueOf(v, i))
                out.patchInt(vat, out.size - vat - 4)
            }
        }
    }

    override fun encodeText(value: Map<*, *>, out: ByteWriter, context: CodecContext) {
        val scratch = ByteWriter(32)
        for ((i, entry) in value.entries.withIndex()) {
            if (i > 0) {
                out.writeByte(','.code)
                out.writeByte(' '.code)
            }
            writeWord(keyOf(entry.key, i), out, scratch)
            out.writeByte('='.code)
            out.writeByte('>'.code)
            val v = entry.value
            if (v == null) out.writeUtf8("NULL") else writeWord(valueOf(v, i), out, scratch)
        }
    }

    private fun writeWord(s: String, out: ByteWriter, scratch: ByteWriter) {
        scratch.reset()
        scratch.writeUtf8(s)
        writeQuotedMember(scratch.array, 0, scratch.size, out, { false }, doubleEscape = false, quoteNullWord = false, alwaysQuote = true)
    }

    private fun keyOf(k: Any?, i: Int): String =
        k as? String ?: unencodableValue(type, "keys must be Strings, pair $i has a ${k?.javaClass?.name ?: "null"} key")

    private fun valueOf(v: Any, i: Int): String =
        v as? String ?: unencodableValue(type, "values must be Strings or null, pair $i has a ${v.javaClass.name} value")

    private fun mapCapacity(n: Int): Int = if (n < 3) n + 1 else (n / 0.75f + 1).toInt()
}
