package io.databridge.pg.types

/**
 * The identity of a PostgreSQL type as the catalog knows it: its name and OIDs, which a codec declares. (The DSL's
 * `PgType` is another thing: a type together with the Kotlin type its values map to.)
 *
 * [arrayOid] is the OID of the type's array type (`typarray`), 0 when it has none.
 */
public data class PgTypeIdentity(
    public val name: String,
    public val oid: Int,
    public val arrayOid: Int = 0,
)
