package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/** A domain: its values travel exactly as its base type's, so [baseCodec] does the work under the domain's OID. */
public class DomainCodec<T : Any>(
    override val type: PgTypeIdentity,
    /** The codec of the domain's base type (`typbasetype`). */
    public val baseCodec: PgCodec<T>,
) : PgCodec<T> {
    override val valueClass: Class<T> get() = baseCodec.valueClass

    override val supportsBinary: Boolean get() = baseCodec.supportsBinary

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): T =
        baseCodec.decodeBinary(buf, offset, length, context)

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): T =
        baseCodec.decodeText(buf, offset, length, context)

    override fun encodeBinary(value: T, out: ByteWriter, context: CodecContext): Unit = baseCodec.encodeBinary(value, out, context)

    override fun encodeText(value: T, out: ByteWriter, context: CodecContext): Unit = baseCodec.encodeText(value, out, context)
}
