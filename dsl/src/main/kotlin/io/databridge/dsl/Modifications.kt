package io.databridge.dsl

/** A data-modifying statement (INSERT, UPDATE, DELETE) that can add `RETURNING` to become a [Query]. */
public sealed class ReturningCapable {
    /** The statement tree. */
    public abstract val statement: Statement

    internal abstract fun <R> withReturning(shape: ResultShape<R>): Query<R>

    /**
     * This statement preceded by `WITH [RECURSIVE] ctes`, which it may read (`UPDATE … FROM cte`, `INSERT … SELECT
     * … FROM cte`, `DELETE … USING cte`); RETURNING added afterwards stays on the statement, after the WITH.
     */
    public fun with(vararg ctes: CteDefinition, recursive: Boolean = false): ReturningCapable =
        ModificationWithCtes(requireCtes(ctes), recursive, this)
}

/** An INSERT, UPDATE or DELETE preceded by a WITH clause; run it, or add RETURNING, like the statement itself. */
public class ModificationWithCtes internal constructor(
    private val ctes: List<CteDefinition>,
    private val recursive: Boolean,
    private val body: ReturningCapable,
) : ReturningCapable() {
    override val statement: Statement get() = WithNode(ctes, recursive, body.statement)

    override fun <R> withReturning(shape: ResultShape<R>): Query<R> = Query(WithNode(ctes, recursive, body.withReturning(shape).statement), shape)

    override fun equals(other: Any?): Boolean = other is ModificationWithCtes && other.statement == statement
    override fun hashCode(): Int = statement.hashCode()
}

/** Collects `column = value` pairs for one row of [table] (INSERT values, UPDATE SET, DO UPDATE SET). */
public class ValuesBuilder internal constructor(private val table: Table) {
    internal val assignments = mutableListOf<Assignment>()

    /** Sets [column] to the bound [value]. */
    public operator fun <T> set(column: Column<T>, value: T) {
        add(column, Param<T>(value, column.pgType))
    }

    /** Sets [column] to [value], an expression (for example `Users.age + 1` or `excluded(Users.name)`). */
    public operator fun <T> set(column: Column<T>, value: Expr<out T>) {
        add(column, value)
    }

    private fun add(column: Column<*>, value: Expr<*>) {
        if (column.owner !== table) throw InvalidQueryException("column $column does not belong to ${table.tableName}")
        if (assignments.any { it.column.name == column.name }) throw InvalidQueryException("column $column is set twice")
        assignments += Assignment(column, value)
    }
}

private fun Table.assignments(body: (ValuesBuilder) -> Unit): List<Assignment> {
    val assignments = ValuesBuilder(this).also(body).assignments
    if (assignments.isEmpty()) throw InvalidQueryException("no column of $tableName was set")
    return assignments
}

/** An INSERT being built. */
public class InsertStatement internal constructor(public val node: InsertNode) : ReturningCapable() {
    override val statement: Statement get() = node

    override fun <R> withReturning(shape: ResultShape<R>): Query<R> = Query(node.copy(returning = shape.exprs), shape)

    /** `ON CONFLICT (columns) DO NOTHING` (no columns: any conflict). */
    public fun onConflictDoNothing(vararg columns: Column<*>): InsertStatement =
        InsertStatement(node.copy(onConflict = OnConflict(targets(columns), null, null, null)))

    /** `ON CONFLICT ON CONSTRAINT name DO NOTHING`. */
    public fun onConstraintDoNothing(constraint: String): InsertStatement =
        InsertStatement(node.copy(onConflict = OnConflict(emptyList(), requireIdentifier(constraint, "constraint"), null, null)))

    /** `ON CONFLICT (columns) DO UPDATE SET … [WHERE where]`; use [excluded] for the proposed row's values. */
    public fun onConflictDoUpdate(vararg columns: Column<*>, where: Expr<out Boolean?>? = null, set: (ValuesBuilder) -> Unit): InsertStatement {
        if (columns.isEmpty()) throw InvalidQueryException("ON CONFLICT DO UPDATE needs conflict columns or a constraint")
        return InsertStatement(node.copy(onConflict = OnConflict(targets(columns), null, node.table.assignments(set), where)))
    }

    /** `ON CONFLICT ON CONSTRAINT name DO UPDATE SET … [WHERE where]`. */
    public fun onConstraintDoUpdate(constraint: String, where: Expr<out Boolean?>? = null, set: (ValuesBuilder) -> Unit): InsertStatement =
        InsertStatement(
            node.copy(onConflict = OnConflict(emptyList(), requireIdentifier(constraint, "constraint"), node.table.assignments(set), where)),
        )

    private fun targets(columns: Array<out Column<*>>): List<Column<*>> = columns.map {
        if (it.owner !== node.table) throw InvalidQueryException("conflict column $it does not belong to ${node.table.tableName}")
        it
    }

    override fun equals(other: Any?): Boolean = other is InsertStatement && other.node == node
    override fun hashCode(): Int = node.hashCode()
}

/** `INSERT INTO this (…) VALUES (…)` of one row whose columns [body] sets. */
public fun Table.insert(body: (ValuesBuilder) -> Unit): InsertStatement {
    val row = assignments(body)
    return InsertStatement(InsertNode(this, row.map { it.column }, listOf(row.map { it.value })))
}

/** `INSERT INTO this (…) VALUES (…), (…)` with one row per item; every row must set the same columns. */
public fun <E> Table.insertAll(items: Iterable<E>, body: (ValuesBuilder, E) -> Unit): InsertStatement {
    val rows = items.map { item -> assignments { body(it, item) } }
    if (rows.isEmpty()) throw InvalidQueryException("insertAll into $tableName needs at least one row")
    val columns = rows[0].map { it.column }
    val values = rows.mapIndexed { i, row ->
        // Rows set by one body almost always name the columns in the same order: then no per-row map is needed.
        if (row.size == columns.size && row.indices.all { row[it].column === columns[it] }) return@mapIndexed row.map { it.value }
        val byColumn = row.associate { it.column.name to it.value }
        if (byColumn.keys != columns.mapTo(HashSet()) { it.name }) {
            throw InvalidQueryException("row $i of insertAll sets ${byColumn.keys}, row 0 sets ${columns.map { it.name }}")
        }
        columns.map { byColumn.getValue(it.name) }
    }
    return InsertStatement(InsertNode(this, columns, values))
}

/** `INSERT INTO this (columns) query`; [query] must select one value per column. */
public fun Table.insertFrom(columns: List<Column<*>>, query: Query<*>): InsertStatement {
    if (columns.isEmpty() || columns.size != query.shape.exprs.size) {
        throw InvalidQueryException("insertFrom needs as many columns (${columns.size}) as the query selects (${query.shape.exprs.size})")
    }
    columns.forEach { if (it.owner !== this) throw InvalidQueryException("column $it does not belong to $tableName") }
    return InsertStatement(InsertNode(this, columns, emptyList(), query.statement))
}

/** An UPDATE being built. */
public class UpdateStatement internal constructor(public val node: UpdateNode) : ReturningCapable() {
    override val statement: Statement get() = node

    override fun <R> withReturning(shape: ResultShape<R>): Query<R> = Query(node.copy(returning = shape.exprs), shape)

    /** `UPDATE … FROM item`, for joining other tables into the update. */
    public fun from(item: FromItem): UpdateStatement = UpdateStatement(node.copy(from = item))

    /** One more WHERE condition, combined with AND with the one given to `update(where)` and earlier calls. */
    public fun where(condition: Expr<out Boolean?>): UpdateStatement = UpdateStatement(node.copy(where = andWhere(node.where, condition)))

    /**
     * `WHERE (conditions so far) OR condition` (`update(a) {…}.where(b).orWhere(c)` is `(a AND b) OR c`); throws
     * [InvalidQueryException] when there is no earlier condition (`update(null)` means every row).
     */
    public fun orWhere(condition: Expr<out Boolean?>): UpdateStatement = UpdateStatement(node.copy(where = orWhereClause(node.where, condition)))

    override fun equals(other: Any?): Boolean = other is UpdateStatement && other.node == node
    override fun hashCode(): Int = node.hashCode()
}

/** `UPDATE this SET … WHERE where`; pass `where = null` explicitly to update every row; `.where(…)` adds conditions with AND. */
public fun Table.update(where: Expr<out Boolean?>?, set: (ValuesBuilder) -> Unit): UpdateStatement =
    UpdateStatement(UpdateNode(this, assignments(set), where = where))

/** A DELETE being built. */
public class DeleteStatement internal constructor(public val node: DeleteNode) : ReturningCapable() {
    override val statement: Statement get() = node

    override fun <R> withReturning(shape: ResultShape<R>): Query<R> = Query(node.copy(returning = shape.exprs), shape)

    /** `DELETE … USING item`, for joining other tables into the delete. */
    public fun using(item: FromItem): DeleteStatement = DeleteStatement(node.copy(using = item))

    /** One more WHERE condition, combined with AND with the one given to `delete(where)` and earlier calls. */
    public fun where(condition: Expr<out Boolean?>): DeleteStatement = DeleteStatement(node.copy(where = andWhere(node.where, condition)))

    /**
     * `WHERE (conditions so far) OR condition` (`delete(a).where(b).orWhere(c)` is `(a AND b) OR c`); throws
     * [InvalidQueryException] when there is no earlier condition (`delete(null)` means every row).
     */
    public fun orWhere(condition: Expr<out Boolean?>): DeleteStatement = DeleteStatement(node.copy(where = orWhereClause(node.where, condition)))

    override fun equals(other: Any?): Boolean = other is DeleteStatement && other.node == node
    override fun hashCode(): Int = node.hashCode()
}

/** `DELETE FROM this WHERE where`; pass `where = null` explicitly to delete every row; `.where(…)` adds conditions with AND. */
public fun Table.delete(where: Expr<out Boolean?>?): DeleteStatement = DeleteStatement(DeleteNode(this, where = where))
