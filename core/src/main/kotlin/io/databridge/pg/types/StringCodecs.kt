package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * A type whose value is its UTF-8 text in both formats (`text`, `varchar`, `bpchar`, `name`, `xml`, …) ↔ [String].
 *
 * PostgreSQL text cannot hold the NUL character, so encoding a string containing one fails. `bpchar` values keep
 * their blank padding as the server sends it. `tsvector` and `tsquery` have their own binary layouts, which are
 * not implemented: their codecs set [supportsBinary] false so the engine asks for text.
 */
public open class StringCodec(
    override val type: PgTypeIdentity,
    override val supportsBinary: Boolean = true,
    private val maxBytes: Int = Int.MAX_VALUE,
) : PgCodec<String> {
    override val valueClass: Class<String> = String::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): String {
        if (!supportsBinary) throw malformed(type, "binary format not supported, request text")
        return utf8(buf, offset, length)
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): String = utf8(buf, offset, length)

    override fun encodeBinary(value: String, out: ByteWriter, context: CodecContext) {
        if (!supportsBinary) throw unencodable(type, "binary format not supported, send text")
        encodeText(value, out, context)
    }

    override fun encodeText(value: String, out: ByteWriter, context: CodecContext) {
        if (value.indexOf('\u0000') >= 0) throw unencodable(type, "text contains a NUL character")
        // Checked after writing: the caller discards the buffer on failure, so nothing is sent.
        val written = out.writeUtf8(value)
        if (written > maxBytes) throw unencodable(type, "$written bytes exceed the type's limit of $maxBytes")
    }

    /** The built-in string types. */
    public companion object {
        /** `text`. */
        public val TEXT: StringCodec = StringCodec(BuiltinTypes.TEXT)

        /** `varchar`. */
        public val VARCHAR: StringCodec = StringCodec(BuiltinTypes.VARCHAR)

        /** `bpchar` (`char(n)`). */
        public val BPCHAR: StringCodec = StringCodec(BuiltinTypes.BPCHAR)

        /** `name`: at most 63 bytes; longer names would be truncated silently by the server, so they are refused. */
        public val NAME: StringCodec = StringCodec(BuiltinTypes.NAME, maxBytes = 63)

        /** `xml`. */
        public val XML: StringCodec = StringCodec(BuiltinTypes.XML)

        /**
         * `void`: always the empty string in both formats. Built in because functions such as `pg_advisory_lock`
         * return it, and an unknown result type costs a catalog round trip before the statement can run.
         */
        public val VOID: StringCodec = StringCodec(BuiltinTypes.VOID)

        /** `tsvector`, as its text form. */
        public val TSVECTOR: StringCodec = StringCodec(BuiltinTypes.TSVECTOR, supportsBinary = false)

        /** `tsquery`, as its text form. */
        public val TSQUERY: StringCodec = StringCodec(BuiltinTypes.TSQUERY, supportsBinary = false)

        /** `unknown` (an untyped literal, e.g. a field of an anonymous record): its binary form is its text too. */
        public val UNKNOWN: StringCodec = StringCodec(BuiltinTypes.UNKNOWN)
    }
}

/** The codec for a type without one of its own: its text output as a [String] (the engine always asks for text). */
public class TextFallbackCodec(type: PgTypeIdentity) : StringCodec(type, supportsBinary = false) {
    /** Fallback codecs for ad-hoc OIDs. */
    public companion object {
        /** A fallback for [oid], named after it when the catalog name is unknown. */
        public fun forOid(oid: Int, name: String = "oid $oid"): TextFallbackCodec = TextFallbackCodec(PgTypeIdentity(name, oid))
    }
}
