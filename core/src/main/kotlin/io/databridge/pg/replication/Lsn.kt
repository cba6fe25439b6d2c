package io.databridge.pg.replication

/**
 * A WAL position (log sequence number), written by PostgreSQL as two hex halves `16/B374D848`.
 * Compared as an unsigned 64-bit number. A plain class rather than a value class, so Java callers see it as is.
 */
public class Lsn(
    /** The position as the server sends it on the wire. */
    public val value: Long,
) : Comparable<Lsn> {
    override fun compareTo(other: Lsn): Int = java.lang.Long.compareUnsigned(value, other.value)

    /** The later of this position and [other]. */
    public fun max(other: Lsn): Lsn = if (this >= other) this else other

    override fun equals(other: Any?): Boolean = other is Lsn && other.value == value

    override fun hashCode(): Int = value.hashCode()

    override fun toString(): String = "%X/%X".format(value ushr 32, value and 0xffffffffL)

    /** Parsing and the zero position. */
    public companion object {
        /** The invalid position 0/0 (`START_REPLICATION … 0/0` starts at the slot's confirmed position). */
        public val ZERO: Lsn = Lsn(0)

        /** Parses `X/Y` as PostgreSQL prints it; throws [IllegalArgumentException] otherwise. */
        @JvmStatic
        public fun parse(text: String): Lsn {
            val slash = text.indexOf('/')
            require(slash in 1..8 && text.length - slash - 1 in 1..8) { "not an LSN (expected X/Y in hex): \"$text\"" }
            val high = text.substring(0, slash).toLongOrNull(16)
            val low = text.substring(slash + 1).toLongOrNull(16)
            require(high != null && low != null) { "not an LSN (expected X/Y in hex): \"$text\"" }
            return Lsn((high shl 32) or low)
        }
    }
}
