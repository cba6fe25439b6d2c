package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

// Container codecs hold their element codecs as PgCodec<*>; these helpers do the one unchecked step of calling
// them with values that were checked against the codec's value class first.

/** The boxed class of the codec's values, so that `Int` elements match a codec declared with `int`. */
internal val PgCodec<*>.boxedValueClass: Class<*> get() = valueClass.kotlin.javaObjectType

/** Whether [value] can be handed to this codec's encoders. */
internal fun PgCodec<*>.accepts(value: Any): Boolean = boxedValueClass.isInstance(value)

@Suppress("UNCHECKED_CAST")
private fun PgCodec<*>.unchecked(): PgCodec<Any> = this as PgCodec<Any>

/** Encodes [value] in [format] after checking its class; [owner] and [where] name the container in the error. */
internal fun PgCodec<*>.encodeChecked(value: Any, format: Format, out: ByteWriter, context: CodecContext, owner: PgTypeIdentity, where: String) {
    if (!accepts(value)) {
        unencodableValue(owner, "$where is a ${value.javaClass.name}, but ${type.name} takes ${valueClass.name}")
    }
    if (format == Format.BINARY) unchecked().encodeBinary(value, out, context) else unchecked().encodeText(value, out, context)
}

/** Writes a length-prefixed binary value (or -1 for null), as arrays, records and ranges embed their members. */
internal fun PgCodec<*>.writeBinaryMember(value: Any?, out: ByteWriter, context: CodecContext, owner: PgTypeIdentity, where: String) {
    if (value == null) {
        out.writeInt(-1)
        return
    }
    val at = out.reserveInt()
    encodeChecked(value, Format.BINARY, out, context, owner, where)
    out.patchInt(at, out.size - at - 4)
}

/** Decodes a member slice, wrapping any failure so the message says which container and member it was. */
internal fun PgCodec<*>.decodeMember(
    format: Format,
    buf: ByteArray,
    offset: Int,
    length: Int,
    context: CodecContext,
    owner: PgTypeIdentity,
    where: String,
): Any = try {
    if (format == Format.BINARY) decodeBinary(buf, offset, length, context) else decodeText(buf, offset, length, context)
} catch (e: RuntimeException) {
    malformedValue(owner, "$where (${type.name}): ${e.message}", e)
}
