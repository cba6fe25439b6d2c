package io.databridge.dsl.schema

/** A table as DDL sees it: its columns, constraints, indexes and comment; [schema] null means the current schema. */
public data class TableDef(
    val schema: String?,
    val name: String,
    val columns: List<ColumnDef>,
    val primaryKey: PrimaryKeyDef? = null,
    val uniques: List<UniqueDef> = emptyList(),
    val foreignKeys: List<ForeignKeyDef> = emptyList(),
    val checks: List<CheckDef> = emptyList(),
    val indexes: List<IndexDef> = emptyList(),
    val comment: String? = null,
) {
    /** The column named [name], or null. */
    public fun column(name: String): ColumnDef? = columns.firstOrNull { it.name == name }

    /** Every constraint of the table, primary key first. */
    public val constraints: List<ConstraintDef> get() = listOfNotNull(primaryKey) + uniques + checks + foreignKeys

    /** `schema.name` for messages (the schema only when one is set). */
    public val displayName: String get() = schema?.let { "$it.$name" } ?: name
}
