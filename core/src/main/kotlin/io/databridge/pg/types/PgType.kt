package io.databridge.pg.types

/**
 * Identity of a PostgreSQL type as the catalog knows it.
 *
 * [arrayOid] is the OID of the type's array type (`typarray`), 0 when it has none.
 */
public data class PgType(
    public val name: String,
    public val oid: Int,
    public val arrayOid: Int = 0,
)
