package io.databridge.pg.protocol

/**
 * CopyData: a chunk of COPY TO STDOUT (or replication) data, [length] bytes of [array] from [offset].
 *
 * The bytes are not copied out of the receive buffer; they stay valid for the life of this object because the
 * decoder never rewrites a buffer region it has handed out.
 */
public class CopyData internal constructor(
    /** The array holding the payload; read-only by contract. */
    public val array: ByteArray,
    /** Where the payload starts in [array]. */
    public val offset: Int,
    /** The payload's length. */
    public val length: Int,
) : BackendMessage() {
    /** A copy of the payload. */
    public fun bytes(): ByteArray = array.copyOfRange(offset, offset + length)

    override fun equals(other: Any?): Boolean =
        other is CopyData && java.util.Arrays.equals(array, offset, offset + length, other.array, other.offset, other.offset + other.length)

    override fun hashCode(): Int {
        var h = 1
        for (i in offset until offset + length) h = 31 * h + array[i]
        return h
    }

    override fun toString(): String = "CopyData(<$length bytes>)"
}
