package io.databridge.pg.protocol

/**
 * Supplies the parameters of a Bind message: the encoder asks for each value in turn and the implementation
 * writes it straight into the outgoing buffer, so no value passes through an intermediate byte array.
 */
public interface ParameterWriter {
    /** The format code (0 text, 1 binary) of parameter [index]. */
    public fun format(index: Int): Int

    /**
     * Writes the value of parameter [index] into [out] (the length prefix is already reserved and patched
     * afterwards) and returns `true`, or writes nothing and returns `false` for SQL NULL.
     */
    public fun write(index: Int, out: ByteWriter): Boolean
}
