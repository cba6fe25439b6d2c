package io.databridge.pg.copy

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.PgCodec

/** `PGCOPY\n\377\r\n\0`: the signature a binary COPY stream starts with. */
private val PGCOPY_SIGNATURE = byteArrayOf(
    'P'.code.toByte(), 'G'.code.toByte(), 'C'.code.toByte(), 'O'.code.toByte(), 'P'.code.toByte(), 'Y'.code.toByte(),
    '\n'.code.toByte(), 0xFF.toByte(), '\r'.code.toByte(), '\n'.code.toByte(), 0,
)

/** Cuts the PGCOPY byte stream into tuples, however the chunks split it, and decodes each field with [codecs]. */
internal class CopyTupleParser(private val codecs: List<PgCodec<*>>, private val context: CodecContext) {
    private var buf = ByteArray(64 * 1024)
    private var start = 0
    private var end = 0
    private var headerRead = false
    private var trailerRead = false

    fun append(chunk: ByteArray) {
        if (end + chunk.size > buf.size) {
            val live = end - start
            val target = if (live + chunk.size > buf.size) ByteArray(maxOf(buf.size * 2, live + chunk.size)) else buf
            System.arraycopy(buf, start, target, 0, live)
            buf = target
            start = 0
            end = live
        }
        System.arraycopy(chunk, 0, buf, end, chunk.size)
        end += chunk.size
    }

    /** The next complete row, or null when its bytes have not all arrived (or the trailer was read). */
    fun next(): List<Any?>? {
        if (!headerRead && !readHeader()) return null
        if (trailerRead || end - start < 2) return null
        val count = short(start)
        if (count == -1) {
            trailerRead = true
            start += 2
            return null
        }
        if (count != codecs.size) throw ValueDecodingException("a COPY row has $count fields, expected ${codecs.size}")
        // Find the tuple's end first, so a partial tuple is left in the buffer untouched.
        var pos = start + 2
        for (i in 0 until count) {
            if (end - pos < 4) return null
            val len = int(pos)
            pos += 4
            if (len < -1) throw ValueDecodingException("field ${i + 1} of a COPY row has length $len")
            if (len > 0) {
                if (end - pos < len) return null
                pos += len
            }
        }
        val values = ArrayList<Any?>(count)
        pos = start + 2
        for (i in 0 until count) {
            val len = int(pos)
            pos += 4
            if (len < 0) {
                values += null
            } else {
                values += codecs[i].decodeBinary(buf, pos, len, context)
                pos += len
            }
        }
        start = pos
        return values
    }

    fun finish() {
        if (!trailerRead) throw ValueDecodingException("the COPY stream ended without its trailer")
    }

    private fun readHeader(): Boolean {
        val fixed = PGCOPY_SIGNATURE.size + 8
        // The bytes that have arrived are checked at once, so a text-format stream fails on its first chunk.
        for (i in 0 until minOf(end - start, PGCOPY_SIGNATURE.size)) {
            if (buf[start + i] != PGCOPY_SIGNATURE[i]) throw ValueDecodingException("the COPY stream is not in binary format")
        }
        if (end - start < fixed) return false
        val extension = int(start + PGCOPY_SIGNATURE.size + 4)
        if (extension < 0) throw ValueDecodingException("the COPY header extension length is $extension")
        if (end - start < fixed + extension) return false
        start += fixed + extension
        headerRead = true
        return true
    }

    private fun short(at: Int): Int = ((buf[at].toInt() shl 8) or (buf[at + 1].toInt() and 0xFF)).toShort().toInt()

    private fun int(at: Int): Int =
        (buf[at].toInt() shl 24) or ((buf[at + 1].toInt() and 0xFF) shl 16) or ((buf[at + 2].toInt() and 0xFF) shl 8) or (buf[at + 3].toInt() and 0xFF)
}
