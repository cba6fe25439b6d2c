package io.databridge.pg.statement

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
    // Offset, length (-1 for NULL) and format of each value, side by side: one array per request instead of three.
    private val slots: IntArray,
) : ParameterWriter {
    val count: Int get() = slots.size / SLOT

    override fun format(index: Int): Int = slots[SLOT * index + 2]

    override fun write(index: Int, out: ByteWriter): Boolean {
        val length = slots[SLOT * index + 1]
        if (length < 0) return false
        out.writeBytes(bytes, slots[SLOT * index], length)
        return true
    }

    companion object {
        private const val SLOT = 3
        private val NONE = EncodedParameters(ByteArray(0), IntArray(0))

        /** Encodes [values] for a statement whose parameters have the types [types], using [scratch] as work space. */
        fun encode(values: List<Any?>, types: IntArray, encoder: ParameterEncoder, context: CodecContext, scratch: ByteWriter): EncodedParameters {
            if (values.size != types.size) {
                throw ValueEncodingException(0, "the statement takes ${types.size} parameters but ${values.size} were given")
            }
            if (values.isEmpty()) return NONE
            scratch.reset()
            val n = values.size
            val slots = IntArray(SLOT * n)
            for (i in 0 until n) {
                val value = values[i]
                val at = scratch.size
                val codec = encoder.resolve(i + 1, value, types[i])
                encoder.write(i + 1, value, codec, scratch, context)
                slots[SLOT * i] = at + 4
                slots[SLOT * i + 1] = readInt(scratch.array, at)
                slots[SLOT * i + 2] = if (codec != null && codec.supportsBinary) 1 else 0
            }
            return EncodedParameters(scratch.toByteArray(), slots)
        }

        private fun readInt(a: ByteArray, p: Int): Int =
            (a[p].toInt() shl 24) or ((a[p + 1].toInt() and 0xff) shl 16) or ((a[p + 2].toInt() and 0xff) shl 8) or (a[p + 3].toInt() and 0xff)
    }
}
