package io.databridge.pg

/** One column of a result: its label and PostgreSQL type. */
public data class Column(
    /** The column label. */
    val name: String,
    /** The type OID. */
    val typeOid: Int,
    /** The type name when the registry knows the type, else `oid <n>`. */
    val typeName: String,
)
