package io.databridge.dsl.schema

import io.databridge.dsl.Column

/** What a table object declares beyond its columns' names and types; filled while the object initializes. */
internal class TableDeclarations {
    val columnOptions = LinkedHashMap<String, ColumnOptions>()
    var primaryKeyName: String? = null
    val uniques = ArrayList<UniqueDeclaration>()
    val foreignKeyOptions = HashMap<String, ForeignKeyOptions>()
    val compositeForeignKeys = ArrayList<CompositeForeignKey>()
    val checks = ArrayList<CheckDeclaration>()
    val indexes = ArrayList<IndexDeclaration>()
    var comment: String? = null

    fun options(column: String): ColumnOptions = columnOptions.getOrPut(column) { ColumnOptions() }
}

/** A column's default, identity, generation expression and comment. */
internal class ColumnOptions {
    var default: String? = null
    var identity: IdentityGeneration? = null
    var generated: String? = null
    var comment: String? = null
}

/** `UNIQUE (columns)`, named [name] or by PostgreSQL's rule. */
internal class UniqueDeclaration(val name: String?, val columns: List<String>)

/** The actions, deferrability and name of a foreign key. */
internal class ForeignKeyOptions(
    val name: String?,
    val onDelete: ReferenceAction,
    val onUpdate: ReferenceAction,
    val deferrability: Deferrability,
)

/** A foreign key over several [columns] referencing [targets] in the same order. */
internal class CompositeForeignKey(val columns: List<String>, val targets: List<Column<*>>, val options: ForeignKeyOptions)

/** `CHECK (sql)` reading [columns]. */
internal class CheckDeclaration(val name: String?, val sql: String, val columns: Set<String>)

/** An index: [keys], with [labels] naming each key for the default index name (a column name or `expr`). */
internal class IndexDeclaration(
    val name: String?,
    val keys: List<IndexKey>,
    val labels: List<String>,
    val unique: Boolean,
    val method: IndexMethod,
    val include: List<String>,
    val where: String?,
)
