package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter

/**
 * `int2vector` (`List<Short>`) and `oidvector` (`List<Long>`), the catalogs' one-dimensional integer vectors.
 * Their text form is the numbers separated by spaces (`1 2 3`); their binary form is an array of the element type
 * whose lower bound is 0, which the server insists on when it receives one. Encoding takes any `List` (or
 * `Collection`) of integral numbers that fit the element type.
 */
public class IntVectorCodec private constructor(
    override val type: PgTypeIdentity,
    private val element: PgCodec<*>,
    private val min: Long,
    private val max: Long,
) : PgCodec<List<*>> {
    override val valueClass: Class<List<*>> = List::class.java

    private val asArray = ArrayCodec(PgTypeIdentity(arrayTypeName(element.type.name), element.type.arrayOid), element)

    override fun decodeBinary(buf: ByteArray, offset: Int, length: Int, context: CodecContext): List<*> {
        val array = asArray.decodeBinaryArray(buf, offset, length, context)
        if (array.rank > 1) malformedValue(type, "${array.rank} dimensions, expected one")
        if (array.elements.any { it == null }) malformedValue(type, "a NULL element")
        return array.elements
    }

    override fun decodeText(buf: ByteArray, offset: Int, length: Int, context: CodecContext): List<*> {
        val values = ArrayList<Any>()
        var at = offset
        val end = offset + length
        while (at < end) {
            while (at < end && buf[at] == SPACE) at++
            val start = at
            while (at < end && buf[at] != SPACE) at++
            if (at > start) values += element.decodeMember(Format.TEXT, buf, start, at - start, context, type, "element ${values.size}")
        }
        return values
    }

    override fun encodeBinary(value: List<*>, out: ByteWriter, context: CodecContext) {
        val numbers = numbers(value)
        out.writeInt(1)
        out.writeInt(0)
        out.writeInt(element.type.oid)
        out.writeInt(numbers.size)
        out.writeInt(0)
        for (n in numbers) {
            if (element === Int2Codec) {
                out.writeInt(2)
                out.writeShort(n.toInt())
            } else {
                out.writeInt(4)
                out.writeInt(n.toInt())
            }
        }
    }

    override fun encodeText(value: List<*>, out: ByteWriter, context: CodecContext) {
        for ((i, n) in numbers(value).withIndex()) {
            if (i > 0) out.writeByte(SPACE.toInt())
            out.writeUtf8(n.toString())
        }
    }

    private fun numbers(value: List<*>): List<Long> = value.mapIndexed { i, e ->
        val n = when (e) {
            is Long, is Int, is Short, is Byte -> (e as Number).toLong()
            null -> unencodableValue(type, "element $i is null; ${type.name} has no NULL elements")
            else -> unencodableValue(type, "element $i is a ${e.javaClass.name}, not an integral number")
        }
        if (n !in min..max) unencodableValue(type, "element $i is outside $min..$max")
        n
    }

    /** The two vector types. */
    public companion object {
        private const val SPACE: Byte = ' '.code.toByte()

        /** `int2vector` (OID 22), elements `Short`. */
        @JvmField
        public val INT2VECTOR: IntVectorCodec =
            IntVectorCodec(PgTypeIdentity("int2vector", Oids.INT2VECTOR, Oids.INT2VECTOR_ARRAY), Int2Codec, Short.MIN_VALUE.toLong(), Short.MAX_VALUE.toLong())

        /** `oidvector` (OID 30), elements `Long` (unsigned 32-bit OIDs). */
        @JvmField
        public val OIDVECTOR: IntVectorCodec =
            IntVectorCodec(PgTypeIdentity("oidvector", Oids.OIDVECTOR, Oids.OIDVECTOR_ARRAY), OidCodec, 0, 0xFFFFFFFFL)
    }
}
