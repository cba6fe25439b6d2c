package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * Converts values of one PostgreSQL type between wire bytes (both formats) and one JVM type.
 *
 * Decoding reads a slice of a receive buffer (`buf[offset until offset + length]`), so rows are decoded in place
 * without copying. Encoding writes the value's bytes (no length prefix) into [ByteWriter]. A value that the type
 * cannot represent fails with `io.databridge.pg.errors.ValueEncodingException` before anything is sent; malformed
 * bytes fail with `io.databridge.pg.errors.ValueDecodingException`.
 */
public interface PgCodec<T : Any> {
    /** The PostgreSQL type this codec serves. */
    public val type: PgTypeIdentity

    /** The JVM type [decodeBinary] and [decodeText] return. */
    public val valueClass: Class<T>

    /** Whether the binary format is supported; when false the engine asks for text. */
    public val supportsBinary: Boolean get() = true

    /** Decodes the binary representation in `buf[offset, offset + length)`. */
    public fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): T

    /** Decodes the text representation in `buf[offset, offset + length)` (UTF-8). */
    public fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): T

    /** Writes the binary representation of [value]. */
    public fun encodeBinary(value: T, out: ByteWriter, context: CodecContext)

    /** Writes the text representation of [value] (UTF-8, no terminator). */
    public fun encodeText(value: T, out: ByteWriter, context: CodecContext)
}
