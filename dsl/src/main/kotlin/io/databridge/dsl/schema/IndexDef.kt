package io.databridge.dsl.schema

/** One key of an index: a column or an expression. */
public sealed interface IndexKey {
    /** The key is the column [name]. */
    public data class ColumnKey(val name: String) : IndexKey

    /** The key is the SQL [expression] (rendered in parentheses). */
    public data class ExpressionKey(val expression: String) : IndexKey
}

/**
 * An index that backs no constraint: [keys] in order, [include] columns carried in the leaf pages, [where] the
 * predicate of a partial index.
 */
public data class IndexDef(
    val name: String,
    val keys: List<IndexKey>,
    val unique: Boolean = false,
    val method: IndexMethod = IndexMethod.BTREE,
    val include: List<String> = emptyList(),
    val where: String? = null,
)
