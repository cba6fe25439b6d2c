package io.databridge.pg.replication

/** One column's value in a pgoutput tuple, as the server sent it. */
public sealed class Cell {
    /** SQL NULL ('n'). */
    public data object Null : Cell()

    /**
     * An unchanged TOASTed value ('u'): the server did not send it because it did not change and is stored out of
     * line. It is not NULL: the row still holds its old value, which the stream does not carry.
     */
    public data object UnchangedToast : Cell()

    /** A value the server sent, as [bytes]. */
    public sealed class Value(
        /** The value's bytes as the server sent them. */
        public val bytes: ByteArray,
    ) : Cell() {
        override fun equals(other: Any?): Boolean = other is Value && other.javaClass == javaClass && other.bytes.contentEquals(bytes)

        override fun hashCode(): Int = bytes.contentHashCode()

        override fun toString(): String = "${javaClass.simpleName}(<${bytes.size} bytes>)"
    }

    /** A value in text format ('t'), UTF-8. */
    public class Text(bytes: ByteArray) : Value(bytes)

    /** A value in binary format ('b'), as the type's send function wrote it. */
    public class Binary(bytes: ByteArray) : Value(bytes)
}
