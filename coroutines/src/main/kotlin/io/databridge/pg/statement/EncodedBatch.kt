package io.databridge.pg.statement

import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.pipeline.BoundStatement
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.ParameterWriter
import io.databridge.pg.protocol.writeBind
import io.databridge.pg.protocol.writeDescribePortal
import io.databridge.pg.protocol.writeExecute
import io.databridge.pg.protocol.writeParse
import io.databridge.pg.types.CodecContext
import io.databridge.pg.types.ParameterEncoder
import io.databridge.pg.types.PgCodec

/**
 * A whole batch as wire bytes: per parameter set [Parse] + Bind + [Describe(P)] + Execute, encoded into one buffer
 * before anything is written, so a value that does not fit fails the call with [ValueEncodingException] and leaves
 * the connection untouched. The values go from the codecs straight into the Bind messages, so a set costs no arrays
 * of its own and its bytes are copied once more only when the batch is written.
 */
internal class EncodedBatch private constructor(private val bytes: ByteWriter, val sets: Int) {
    /** Appends the encoded messages to [out]. */
    fun writeTo(out: ByteWriter) = out.writeBytes(bytes.array, 0, bytes.size)

    companion object {
        /** Encodes one execution of [statement] per entry of [paramSets]. */
        fun encode(statement: BoundStatement, paramSets: List<List<Any?>>, encoder: ParameterEncoder, context: CodecContext): EncodedBatch {
            val types = statement.parameterTypes
            val parameters = SetParameters(types, encoder, context)
            val reparse = statement.name.isEmpty()
            val resultFormats = statement.plan.resultFormats
            val out = ByteWriter(INITIAL_BYTES)
            var first = true
            for (values in paramSets) {
                if (values.size != types.size) {
                    throw ValueEncodingException(0, "the statement takes ${types.size} parameters but ${values.size} were given")
                }
                if (reparse) out.writeParse("", statement.sql, types)
                parameters.load(values)
                out.writeBind("", statement.name, types.size, parameters, resultFormats)
                if (reparse) out.writeDescribePortal("")
                out.writeExecute("", 0)
                // The first set tells how big the rest will be (give or take a quarter): grow once instead of doubling.
                if (first) out.ensure(minOf(out.size.toLong() * (paramSets.size - 1) * 5 / 4, PRESIZE_LIMIT).toInt())
                first = false
            }
            return EncodedBatch(out, paramSets.size)
        }

        private const val INITIAL_BYTES = 1024

        /** The most a batch reserves up front from its first set's size (a huge first value must not multiply). */
        private const val PRESIZE_LIMIT = 16L shl 20
    }
}

/**
 * The values of the set being encoded, written into its Bind message. Codecs are resolved once per column while
 * the values keep their class (a declared type then always picks the same codec), instead of once per value.
 */
private class SetParameters(
    private val types: IntArray,
    private val encoder: ParameterEncoder,
    private val context: CodecContext,
) : ParameterWriter {
    private var values: List<Any?> = emptyList()
    private val codecs = arrayOfNulls<PgCodec<*>>(types.size)
    private val resolvedClasses = arrayOfNulls<Class<*>>(types.size)
    private val resolvedCodecs = arrayOfNulls<PgCodec<*>>(types.size)

    fun load(values: List<Any?>) {
        this.values = values
        for (i in types.indices) {
            val value = values[i]
            codecs[i] = when {
                value == null -> null
                types[i] != 0 && resolvedClasses[i] === value.javaClass -> resolvedCodecs[i]
                else -> encoder.resolve(i + 1, value, types[i]).also {
                    resolvedClasses[i] = value.javaClass
                    resolvedCodecs[i] = it
                }
            }
        }
    }

    override fun format(index: Int): Int = if (codecs[index]?.supportsBinary == true) 1 else 0

    override fun write(index: Int, out: ByteWriter): Boolean {
        val value = values[index] ?: return false
        encoder.writeValue(index + 1, value, codecs[index]!!, out, context)
        return true
    }
}
