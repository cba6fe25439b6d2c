package io.databridge.pg.protocol

import io.databridge.pg.errors.ProtocolException
import java.nio.charset.StandardCharsets

/**
 * A bounds-checked cursor over one message body: every read first checks that the bytes are inside the message,
 * so a malformed body fails with a ProtocolException naming the message, never with an index error.
 * One instance per decoder, re-aimed at each message, so parsing allocates nothing of its own.
 */
internal class BodyReader {
    var array: ByteArray = EMPTY
        private set
    var pos: Int = 0
    var end: Int = 0
        private set
    private var tag: Char = ' '
    private var messageOffset: Long = 0

    fun reset(array: ByteArray, pos: Int, end: Int, tag: Char, messageOffset: Long) {
        this.array = array
        this.pos = pos
        this.end = end
        this.tag = tag
        this.messageOffset = messageOffset
    }

    val remaining: Int get() = end - pos

    fun fail(message: String): Nothing = throw ProtocolException(message, messageOffset, tag)

    fun need(n: Int, what: String) {
        if (n > end - pos) fail("truncated $what: needs $n bytes, only ${end - pos} left in the message")
    }

    fun int8(what: String): Int {
        need(1, what)
        return array[pos++].toInt() and 0xff
    }

    fun int16(what: String): Int {
        need(2, what)
        val v = readShort(array, pos)
        pos += 2
        return v
    }

    fun uint16(what: String): Int = int16(what) and 0xffff

    fun int32(what: String): Int {
        need(4, what)
        val v = readInt(array, pos)
        pos += 4
        return v
    }

    fun cstring(what: String): String {
        val a = array
        var i = pos
        val limit = end
        while (i < limit && a[i] != ZERO) i++
        if (i == limit) fail("missing NUL terminator in $what")
        // Not validated as strict UTF-8: before client_encoding takes effect a server may report errors in its own
        // encoding, and a replacement character there is better than losing the error itself.
        val s = String(a, pos, i - pos, StandardCharsets.UTF_8)
        pos = i + 1
        return s
    }

    fun rest(): ByteArray {
        val b = array.copyOfRange(pos, end)
        pos = end
        return b
    }

    fun bytes(n: Int, what: String): ByteArray {
        need(n, what)
        val b = array.copyOfRange(pos, pos + n)
        pos += n
        return b
    }

    fun expectEnd(what: String) {
        if (pos != end) fail("${end - pos} unexpected trailing bytes after $what")
    }

    internal companion object {
        private const val ZERO: Byte = 0
        private val EMPTY = ByteArray(0)
    }
}
