package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * `json` and `jsonb` ↔ [PgJson]. `json`'s binary form is its text; `jsonb`'s is a version byte (1) and the text.
 * The text is passed through unchanged (the server validates and, for jsonb, normalises it).
 */
public class JsonCodec private constructor(override val type: PgTypeIdentity, private val versioned: Boolean) : PgCodec<PgJson> {
    override val valueClass: Class<PgJson> = PgJson::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgJson =
        PgJson.raw(decodeBinaryText(buf, offset, length))

    /** A binary value's JSON text, without the [PgJson] around it: for a reader that asks for a String. */
    public fun decodeBinaryText(buf: ByteArray, offset: Int, length: Int): String {
        if (!versioned) return utf8(buf, offset, length)
        requireAtLeast(type, length, 1)
        if (buf[offset].toInt() != VERSION) throw malformed(type, "unsupported jsonb version ${buf[offset]}")
        return utf8(buf, offset + 1, length - 1)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): PgJson = PgJson.raw(utf8(buf, offset, length))

    override fun encodeBinary(value: PgJson, out: ByteWriter, context: CodecContext) {
        if (versioned) out.writeByte(VERSION)
        encodeText(value, out, context)
    }

    override fun encodeText(value: PgJson, out: ByteWriter, context: CodecContext) {
        // JSON escapes control characters, so a raw NUL can only come from a hand-written raw() document.
        if (value.text.indexOf('\u0000') >= 0) throw unencodable(type, "text contains a NUL character")
        out.writeUtf8(value.text)
    }

    /** The two JSON types. */
    public companion object {
        private const val VERSION = 1

        /** `json`. */
        @JvmField
        public val JSON: JsonCodec = JsonCodec(BuiltinTypes.JSON, versioned = false)

        /** `jsonb`. */
        @JvmField
        public val JSONB: JsonCodec = JsonCodec(BuiltinTypes.JSONB, versioned = true)
    }
}
