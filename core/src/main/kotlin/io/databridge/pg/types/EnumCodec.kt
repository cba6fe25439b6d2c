package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/** An enum type whose values are its labels as Strings; both formats carry the label's UTF-8 bytes. */
public class EnumCodec(
    override val type: PgTypeIdentity,
    /** The labels in sort order, as the catalog listed them when the type was resolved. */
    public val labels: List<String>,
) : PgCodec<String> {
    override val valueClass: Class<String> = String::class.java

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): String =
        utf8(buf, offset, length)

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): String =
        utf8(buf, offset, length)

    override fun encodeBinary(value: String, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value)
    }

    override fun encodeText(value: String, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(value)
    }
}

/**
 * An enum type mapped to the Kotlin/Java enum [enumClass]: each constant stands for the label [labelOf] gives it
 * (its name by default). A label without a constant fails to decode.
 */
public class MappedEnumCodec<E : Enum<E>>(
    override val type: PgTypeIdentity,
    /** The JVM enum the labels map to. */
    public val enumClass: Class<E>,
    /** The label of each constant. */
    labelOf: (E) -> String = { it.name },
) : PgCodec<E> {
    override val valueClass: Class<E> = enumClass

    private val labels: Array<String> = enumClass.enumConstants.map(labelOf).toTypedArray()
    private val byLabel: Map<String, E> = enumClass.enumConstants.associateBy(labelOf)

    init {
        require(byLabel.size == labels.size) { "two constants of ${enumClass.name} share a label" }
    }

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): E = decode(buf, offset, length)

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): E = decode(buf, offset, length)

    private fun decode(buf: ByteArray, offset: Int, length: Int): E {
        val label = utf8(buf, offset, length)
        return byLabel[label] ?: malformedValue(type, "label '$label' has no constant in ${enumClass.name}")
    }

    override fun encodeBinary(value: E, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(labels[value.ordinal])
    }

    override fun encodeText(value: E, out: ByteWriter, context: CodecContext) {
        out.writeUtf8(labels[value.ordinal])
    }
}

/** How the catalog resolver maps an enum type to a JVM enum; see [MappedEnumCodec]. */
public class EnumMapping<E : Enum<E>>(
    /** The JVM enum. */
    public val enumClass: Class<E>,
    /** The label of each constant (its name by default). */
    public val labelOf: (E) -> String = { it.name },
) {
    internal fun codec(type: PgTypeIdentity): MappedEnumCodec<E> = MappedEnumCodec(type, enumClass, labelOf)
}
