package io.databridge.pg.types

import io.databridge.pg.errors.ValueDecodingException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.readLong

/** Reads an IEEE 754 double. */
internal fun readDouble(buf: ByteArray, at: Int): Double = java.lang.Double.longBitsToDouble(readLong(buf, at))

/** The UTF-8 text in a slice. */
internal fun utf8(buf: ByteArray, offset: Int, length: Int): String = String(buf, offset, length, Charsets.UTF_8)

/** A decoding failure naming the type; the offending bytes are not echoed (they may be large or sensitive). */
internal fun malformed(type: PgTypeIdentity, reason: String, cause: Throwable? = null): ValueDecodingException =
    ValueDecodingException("malformed ${type.name} value: $reason", cause)

/** Fails unless a fixed-size binary value has exactly [expected] bytes. */
internal fun requireLength(type: PgTypeIdentity, length: Int, expected: Int) {
    if (length != expected) throw malformed(type, "binary length $length, expected $expected")
}

/** Fails unless a variable-size binary value has at least [min] bytes. */
internal fun requireAtLeast(type: PgTypeIdentity, length: Int, min: Int) {
    if (length < min) throw malformed(type, "binary length $length, expected at least $min")
}

/** An encoding failure not yet tied to a parameter; [ParameterEncoder] re-raises it with the index. */
internal fun unencodable(type: PgTypeIdentity, reason: String): ValueEncodingException =
    ValueEncodingException(0, "${type.name}: $reason")

/** Parses text with [parse], turning any parse failure into a [ValueDecodingException] naming the type. */
internal inline fun <T> parseText(type: PgTypeIdentity, buf: ByteArray, offset: Int, length: Int, parse: (String) -> T): T {
    val s = utf8(buf, offset, length)
    return try {
        parse(s)
    } catch (e: ValueDecodingException) {
        throw e
    } catch (e: RuntimeException) {
        // The parser's own message often quotes the input; keep the value out and the cause attached.
        throw malformed(type, "unparseable text (${e.javaClass.simpleName})", e)
    }
}
