package io.databridge.pg.replication

import io.databridge.pg.errors.ProtocolException
import io.databridge.pg.types.PgEpoch
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneOffset

/**
 * A bounds-checked cursor over one replication payload: a truncated or inconsistent payload fails with a
 * [ProtocolException] naming [what] it was reading, never with an index error.
 */
internal class WireReader(private val array: ByteArray, offset: Int, length: Int, private val what: String) {
    var pos: Int = offset
        private set
    val end: Int = offset + length

    val remaining: Int get() = end - pos

    fun fail(message: String): Nothing = throw ProtocolException("malformed $what: $message")

    private fun need(n: Int, field: String) {
        if (n < 0 || n > end - pos) fail("truncated at $field: needs $n bytes, ${end - pos} left")
    }

    fun byte(field: String): Int {
        need(1, field)
        return array[pos++].toInt() and 0xff
    }

    fun int16(field: String): Int {
        need(2, field)
        val v = ((array[pos].toInt() and 0xff) shl 8) or (array[pos + 1].toInt() and 0xff)
        pos += 2
        return v
    }

    fun int32(field: String): Int {
        need(4, field)
        var v = 0
        repeat(4) { v = (v shl 8) or (array[pos++].toInt() and 0xff) }
        return v
    }

    fun int64(field: String): Long {
        need(8, field)
        var v = 0L
        repeat(8) { v = (v shl 8) or (array[pos++].toLong() and 0xff) }
        return v
    }

    fun lsn(field: String): Lsn = Lsn(int64(field))

    fun timestamp(field: String): Instant = ReplicationClock.toInstant(int64(field))

    /** A NUL-terminated UTF-8 string. */
    fun cstring(field: String): String {
        var i = pos
        while (i < end && array[i] != 0.toByte()) i++
        if (i >= end) fail("unterminated string at $field")
        val s = String(array, pos, i - pos, Charsets.UTF_8)
        pos = i + 1
        return s
    }

    fun bytes(length: Int, field: String): ByteArray {
        if (length < 0) fail("negative length $length at $field")
        need(length, field)
        val out = array.copyOfRange(pos, pos + length)
        pos += length
        return out
    }

    fun rest(): ByteArray = bytes(end - pos, "payload")

    fun expectEnd() {
        if (pos != end) fail("${end - pos} unexpected trailing bytes")
    }
}

/** Replication timestamps count microseconds since 2000-01-01 UTC, like `timestamptz`, whose epoch arithmetic they reuse. */
internal object ReplicationClock {
    fun toInstant(micros: Long): Instant = PgEpoch.dateTime(micros).toInstant(ZoneOffset.UTC)

    fun fromInstant(time: Instant): Long = PgEpoch.micros(LocalDateTime.ofInstant(time, ZoneOffset.UTC))
}
