package io.databridge.pg.protocol

/** One column of a [RowDescription]. */
public data class FieldDescription(
    /** The column label. */
    public val name: String,
    /** The OID of the source table, or 0 when the column is not a plain table column. */
    public val tableOid: Int,
    /** The column's attribute number in that table, or 0. */
    public val columnAttribute: Int,
    /** The OID of the column's type. */
    public val typeOid: Int,
    /** pg_type.typlen: the type's fixed size, negative for variable-width types. */
    public val typeSize: Int,
    /** pg_attribute.atttypmod: type-specific modifier (e.g. varchar length + 4), -1 when none. */
    public val typeModifier: Int,
    /** The format code the values will come in: 0 text, 1 binary (always 0 after a bare Describe statement). */
    public val format: Int,
)

/** RowDescription: the columns of the rows that follow. */
public data class RowDescription(
    /** The columns in order. */
    public val fields: List<FieldDescription>,
) : BackendMessage()
