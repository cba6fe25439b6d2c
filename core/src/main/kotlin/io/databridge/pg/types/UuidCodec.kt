package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.readLong
import java.util.UUID

/** `uuid` ↔ [UUID]: 16 bytes, most significant first. */
public object UuidCodec : PgCodec<UUID> {
    override val type: PgTypeIdentity = BuiltinTypes.UUID
    override val valueClass: Class<UUID> = UUID::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): UUID {
        requireLength(type, length, 16)
        return UUID(readLong(buf, offset), readLong(buf, offset + 8))
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): UUID =
        parseText(type, buf, offset, length) {
            // The server accepts braces and missing hyphens on input but always prints the canonical 36 characters.
            require(it.length == 36 && it[8] == '-' && it[13] == '-' && it[18] == '-' && it[23] == '-') { "not canonical" }
            UUID.fromString(it)
        }

    override fun encodeBinary(value: UUID, out: ByteWriter, context: CodecContext) {
        out.writeLong(value.mostSignificantBits)
        out.writeLong(value.leastSignificantBits)
    }

    override fun encodeText(value: UUID, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value.toString())
    }
}
