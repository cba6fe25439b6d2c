package io.databridge.pg.types

/** A pgvector `vector` value: its components (compared by content). */
public class PgVector(
    /** The components; not copied, so do not change them afterwards. */
    public val values: FloatArray,
) {
    /** The number of dimensions. */
    public val dimensions: Int get() = values.size

    override fun equals(other: Any?): Boolean = other is PgVector && values.contentEquals(other.values)

    override fun hashCode(): Int = values.contentHashCode()

    /** The vector in pgvector's text form, `[1.0,2.5]`. */
    override fun toString(): String = values.joinToString(",", "[", "]")
}
