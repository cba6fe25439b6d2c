package io.databridge.pg.types

/**
 * A value of a composite type (a row type or `CREATE TYPE … AS (…)`), fields in declaration order.
 * [fieldNames] are filled in when decoding a catalog-resolved type; to encode, positional [values] suffice.
 */
public data class PgComposite(
    public val values: List<Any?>,
    public val fieldNames: List<String> = emptyList(),
) {
    init {
        require(fieldNames.isEmpty() || fieldNames.size == values.size) { "${fieldNames.size} names for ${values.size} fields" }
    }

    /** The value of field [index] (0-based). */
    public operator fun get(index: Int): Any? = values[index]

    /** The value of the field called [name]; fails when there is no such field. */
    public operator fun get(name: String): Any? {
        val i = fieldNames.indexOf(name)
        require(i >= 0) { "no field '$name' (fields: $fieldNames)" }
        return values[i]
    }
}

/** One attribute of a composite type: its [name], its type's [typeOid] and the [codec] for it (null when unknown). */
public data class CompositeField(
    public val name: String,
    public val typeOid: Int,
    public val codec: PgCodec<*>?,
)
