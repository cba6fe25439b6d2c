package io.databridge.dsl

/** A complete SQL statement as plain data; render it with [io.databridge.dsl.render.SqlRenderer]. */
public sealed interface Statement

/** `SELECT …`: every clause as data. */
@ConsistentCopyVisibility
public data class SelectNode internal constructor(
    val projection: List<Expr<*>>,
    val from: FromItem? = null,
    val distinct: Boolean = false,
    val distinctOn: List<Expr<*>> = emptyList(),
    val where: Expr<*>? = null,
    val groupBy: List<Expr<*>> = emptyList(),
    val having: Expr<*>? = null,
    val orderBy: List<Ordering> = emptyList(),
    val limit: Expr<*>? = null,
    val offset: Expr<*>? = null,
    val locking: Locking? = null,
) : Statement

/** `left UNION|INTERSECT|EXCEPT [ALL] right [ORDER BY …] [LIMIT …] [OFFSET …]`, the last three over the combined result. */
@ConsistentCopyVisibility
public data class SetOperationNode internal constructor(
    val left: Statement,
    val operator: SetOperator,
    val all: Boolean,
    val right: Statement,
    val orderBy: List<ResultOrdering> = emptyList(),
    val limit: Expr<*>? = null,
    val offset: Expr<*>? = null,
) : Statement

/** `position [DESC] [NULLS FIRST|LAST]`: ORDER BY the [position]-th (1-based) output column of a set operation. */
@ConsistentCopyVisibility
public data class ResultOrdering internal constructor(val position: Int, val descending: Boolean, val nulls: Nulls?)

/** The set operators. */
public enum class SetOperator { UNION, INTERSECT, EXCEPT }

/** `WITH [RECURSIVE] ctes body`. */
@ConsistentCopyVisibility
public data class WithNode internal constructor(val ctes: List<CteDefinition>, val recursive: Boolean, val body: Statement) : Statement

/** `FOR UPDATE|NO KEY UPDATE|SHARE|KEY SHARE [NOWAIT|SKIP LOCKED]`. */
public data class Locking(val strength: LockStrength, val wait: LockWait = LockWait.WAIT)

/** Row lock strengths of SELECT … FOR. */
public enum class LockStrength(internal val sql: String) {
    UPDATE("FOR UPDATE"), NO_KEY_UPDATE("FOR NO KEY UPDATE"), SHARE("FOR SHARE"), KEY_SHARE("FOR KEY SHARE")
}

/** What a locking SELECT does with rows another transaction holds. */
public enum class LockWait { WAIT, NOWAIT, SKIP_LOCKED }

/** `column = value` in UPDATE … SET or ON CONFLICT DO UPDATE SET. */
@ConsistentCopyVisibility
public data class Assignment internal constructor(val column: Column<*>, val value: Expr<*>)

/** `INSERT INTO table (columns) VALUES rows | query [ON CONFLICT …] [RETURNING …]`. */
@ConsistentCopyVisibility
public data class InsertNode internal constructor(
    val table: Table,
    val columns: List<Column<*>>,
    val rows: List<List<Expr<*>>>,
    val query: Statement? = null,
    val onConflict: OnConflict? = null,
    val returning: List<Expr<*>> = emptyList(),
) : Statement

/** `ON CONFLICT [(columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET … [WHERE …]`. */
@ConsistentCopyVisibility
public data class OnConflict internal constructor(
    val columns: List<Column<*>>,
    val constraint: String?,
    val update: List<Assignment>?,
    val where: Expr<*>?,
)

/** `UPDATE table SET … [FROM …] [WHERE …] [RETURNING …]`. */
@ConsistentCopyVisibility
public data class UpdateNode internal constructor(
    val table: Table,
    val assignments: List<Assignment>,
    val from: FromItem? = null,
    val where: Expr<*>? = null,
    val returning: List<Expr<*>> = emptyList(),
) : Statement

/** `DELETE FROM table [USING …] [WHERE …] [RETURNING …]`. */
@ConsistentCopyVisibility
public data class DeleteNode internal constructor(
    val table: Table,
    val using: FromItem? = null,
    val where: Expr<*>? = null,
    val returning: List<Expr<*>> = emptyList(),
) : Statement

/** A raw SQL statement: [parts] of trusted text with [args] bound between them. */
@ConsistentCopyVisibility
public data class RawStatement internal constructor(val parts: List<String>, val args: List<Expr<*>>) : Statement

/**
 * A raw SQL statement with bound parameters: each `?` in [sql] takes the next of [args] (an [Expr] or a value
 * with a default type), `??` is a literal `?`. [sql] is trusted text; values never enter it.
 */
public fun rawSql(sql: String, vararg args: Any?): RawStatement {
    val (parts, bound) = splitFragment(sql, args)
    return RawStatement(parts, bound)
}
