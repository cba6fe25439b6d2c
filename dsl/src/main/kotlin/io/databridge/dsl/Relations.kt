package io.databridge.dsl

import io.databridge.dsl.types.PgType

/** Something columns belong to: a table, an alias, a subquery or CTE, or `EXCLUDED`; [qualifier] prefixes its columns. */
public sealed interface ColumnOwner {
    /** The name that qualifies this owner's columns in SQL (always rendered quoted). */
    public val qualifier: String
}

/** Something that can appear in FROM (tables, aliases, subqueries, CTEs, joins). */
public sealed interface FromItem

/** `table AS alias`, for self-joins; `alias[Table.column]` is the column seen through the alias. */
@ConsistentCopyVisibility
public data class TableAlias<T : Table> internal constructor(val table: T, val alias: String) : ColumnOwner, FromItem {
    override val qualifier: String get() = alias

    /** [column] of [table] as seen through this alias. */
    public operator fun <V> get(column: Column<V>): Column<V> {
        if (column.owner != table) throw InvalidQueryException("column $column does not belong to ${table.tableName}")
        return column.copy(owner = this)
    }
}

/** A subquery in FROM: `(query) AS alias`; [lateral] renders `LATERAL`. */
@ConsistentCopyVisibility
public data class SubqueryAlias internal constructor(val query: Statement, val alias: String, val lateral: Boolean) :
    ColumnOwner, FromItem {
    override val qualifier: String get() = alias

    /** The subquery's output column that [expr] (a column or an [Aliased] expression of it) produced. */
    public operator fun <V> get(expr: Expr<V>): Column<V> = outputColumn(this, expr)
}

/**
 * A common table expression named [name]; declare its output columns with [column], define it with [definedAs]
 * and attach it to a query with `.with(…)`; use it in FROM like a table (recursive CTEs reference themselves).
 */
public class CteTable(name: String) : ColumnOwner, FromItem {
    /** The CTE's name. */
    public val name: String = requireIdentifier(name, "CTE")
    private val declared = mutableListOf<Column<*>>()

    /** The declared output columns in order. */
    public val columns: List<Column<*>> get() = declared

    override val qualifier: String get() = name

    /** Declares the next output column [name] of [type]. */
    public fun <T : Any> column(name: String, type: PgType<T>): Column<T> =
        Column<T>(this, requireIdentifier(name, "column"), type, false).also { declared += it }

    /** Declares the next output column [name] of [type] that may be NULL. */
    public fun <T : Any> nullableColumn(name: String, type: PgType<T>): Column<T?> =
        Column<T?>(this, requireIdentifier(name, "column"), type, true).also { declared += it }

    /** This CTE defined as [query] (a SELECT, a set operation, or an INSERT/UPDATE/DELETE with RETURNING). */
    public fun definedAs(query: Query<*>): CteDefinition = CteDefinition(this, query.statement)

    /**
     * This CTE defined as a data-modifying [statement] without RETURNING: PostgreSQL runs it with the outer
     * statement, though it yields no rows to read.
     */
    public fun definedAs(statement: ReturningCapable): CteDefinition = CteDefinition(this, statement.statement)

    override fun toString(): String = "CteTable($name)"
}

/** `name(columns) AS (query)` inside a WITH clause. */
@ConsistentCopyVisibility
public data class CteDefinition internal constructor(val table: CteTable, val query: Statement)

/** `EXCLUDED`, the row proposed for insertion in `ON CONFLICT DO UPDATE`. */
public data object Excluded : ColumnOwner {
    override val qualifier: String get() = "excluded"
}

/** [column]'s value in the row proposed for insertion (`EXCLUDED."column"`), for ON CONFLICT DO UPDATE. */
public fun <T> excluded(column: Column<T>): Column<T> = column.copy(owner = Excluded)

/** How two FROM items are joined. */
public enum class JoinKind(internal val sql: String) {
    INNER("JOIN"), LEFT("LEFT JOIN"), RIGHT("RIGHT JOIN"), FULL("FULL JOIN"), CROSS("CROSS JOIN")
}

/** `left kind right [ON condition]`. */
@ConsistentCopyVisibility
public data class Join internal constructor(val left: FromItem, val kind: JoinKind, val right: FromItem, val on: Expr<*>?) : FromItem

/**
 * The nullable view of [source] for the outer side of a LEFT/RIGHT/FULL join: `side[column]` (or `side { column }` for
 * a table) is the same column typed `Column<V?>`, so reading it from a result can yield null. `leftJoin`/`fullJoin`
 * take only this view, and the join-first forms (`Users.leftJoin(Orders, on) { u, o -> … }`) hand it to their block.
 */
public class NullableSide<T : FromItem> internal constructor(public val source: T) {
    /**
     * [column] typed nullable (it is NULL in rows the join did not match). It must be a column of [source]; a column
     * of the table behind a [TableAlias] source is read through the alias. Any other column throws
     * [InvalidQueryException], since typing it nullable here would say nothing about the join it comes from.
     */
    @Suppress("UNCHECKED_CAST")
    public operator fun <V> get(column: Column<V>): Column<V?> {
        val own = when {
            column.owner in ownersIn(source) -> column
            source is TableAlias<*> && column.owner == source.table -> column.copy(owner = source)
            else -> throw InvalidQueryException("column $column does not belong to ${describe(source)}, the side this view makes nullable")
        }
        return own.copy(nullable = true) as Column<V?>
    }

    /** The column [pick] reads from [source], typed nullable: `reviews { text }` is `Column<String?>`. */
    public operator fun <V> invoke(pick: T.() -> Column<V>): Column<V?> = get(source.pick())

    override fun equals(other: Any?): Boolean = other is NullableSide<*> && other.source == source

    override fun hashCode(): Int = source.hashCode()

    override fun toString(): String = "NullableSide(${describe(source)})"
}

/** The owners whose columns [item] brings into a query: itself, or every item of a join. */
internal fun ownersIn(item: FromItem): Set<ColumnOwner> = when (item) {
    is Join -> ownersIn(item.left) + ownersIn(item.right)
    is ColumnOwner -> setOf(item)
    else -> emptySet()
}

private fun describe(item: FromItem): String = when (item) {
    is Join -> ownersIn(item).joinToString(" and ") { it.qualifier }
    is ColumnOwner -> item.qualifier
    else -> item.toString()
}

/** The nullable view of this FROM item, for the outer side of an outer join. */
public fun <T : FromItem> T.orNull(): NullableSide<T> = NullableSide(this)

/** This table under [alias] (for self-joins). */
public fun <T : Table> T.alias(alias: String): TableAlias<T> = TableAlias(this, requireIdentifier(alias, "alias"))

internal fun <V> outputColumn(owner: ColumnOwner, expr: Expr<V>): Column<V> = when (expr) {
    is Aliased -> Column(owner, expr.alias, expr.pgType, true)
    is Column -> Column(owner, expr.name, expr.pgType, expr.nullable)
    else -> throw InvalidQueryException("only columns and aliased expressions can be read from a subquery; use .alias(name)")
}
