package io.databridge.pg

import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.ParameterWriter
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.ParameterEncoder

/**
 * One request's parameter values, encoded to the statement's declared types before anything is written, so a value
 * that does not fit fails the call with [ValueEncodingException] and leaves the connection untouched. Bind copies
 * the bytes out of [bytes] (a request may wait behind a stream before it is written).
 */
internal class EncodedParameters private constructor(
    private val bytes: ByteArray,
    private val offsets: IntArray,
    private val lengths: IntArray,
    private val formats: IntArray,
) : ParameterWriter {
    val count: Int get() = offsets.size

    override fun format(index: Int): Int = formats[index]

    override fun write(index: Int, out: ByteWriter): Boolean {
        val length = lengths[index]
        if (length < 0) return false
        out.writeBytes(bytes, offsets[index], length)
        return true
    }

    companion object {
        private val NONE = EncodedParameters(ByteArray(0), IntArray(0), IntArray(0), IntArray(0))

        /** Encodes [values] for a statement whose parameters have the types [types], using [scratch] as work space. */
        fun encode(values: List<Any?>, types: IntArray, encoder: ParameterEncoder, context: CodecContext, scratch: ByteWriter): EncodedParameters {
            if (values.size != types.size) {
                throw ValueEncodingException(0, "the statement takes ${types.size} parameters but ${values.size} were given")
            }
            if (values.isEmpty()) return NONE
            scratch.reset()
            val n = values.size
            val offsets = IntArray(n)
            val lengths = IntArray(n)
            val formats = IntArray(n)
            for (i in 0 until n) {
                val value = values[i]
                val at = scratch.size
                val codec = encoder.resolve(i + 1, value, types[i])
                encoder.write(i + 1, value, codec, scratch, context)
                offsets[i] = at + 4
                lengths[i] = readInt(scratch.array, at)
                formats[i] = if (codec != null && codec.supportsBinary) 1 else 0
            }
            return EncodedParameters(scratch.toByteArray(), offsets, lengths, formats)
        }

        private fun readInt(a: ByteArray, p: Int): Int =
            (a[p].toInt() shl 24) or ((a[p + 1].toInt() and 0xff) shl 16) or ((a[p + 2].toInt() and 0xff) shl 8) or (a[p + 3].toInt() and 0xff)
    }
}
