package io.databridge.dsl.render

import io.databridge.dsl.Aliased
import io.databridge.dsl.Assignment
import io.databridge.dsl.Between
import io.databridge.dsl.BinaryOp
import io.databridge.dsl.Call
import io.databridge.dsl.Case
import io.databridge.dsl.Cast
import io.databridge.dsl.Column
import io.databridge.dsl.CteTable
import io.databridge.dsl.DeleteNode
import io.databridge.dsl.Excluded
import io.databridge.dsl.Exists
import io.databridge.dsl.Expr
import io.databridge.dsl.Fragment
import io.databridge.dsl.FrameBound
import io.databridge.dsl.FromItem
import io.databridge.dsl.InList
import io.databridge.dsl.InSubquery
import io.databridge.dsl.InsertNode
import io.databridge.dsl.Join
import io.databridge.dsl.JoinKind
import io.databridge.dsl.LockWait
import io.databridge.dsl.Logical
import io.databridge.dsl.Not
import io.databridge.dsl.NullTest
import io.databridge.dsl.Nulls
import io.databridge.dsl.Ordering
import io.databridge.dsl.Param
import io.databridge.dsl.Quantified
import io.databridge.dsl.RawStatement
import io.databridge.dsl.ScalarSubquery
import io.databridge.dsl.SelectNode
import io.databridge.dsl.SetOperationNode
import io.databridge.dsl.Statement
import io.databridge.dsl.SubqueryAlias
import io.databridge.dsl.Table
import io.databridge.dsl.TableAlias
import io.databridge.dsl.UpdateNode
import io.databridge.dsl.Window
import io.databridge.dsl.WindowCall
import io.databridge.dsl.WithNode
import io.databridge.pg.identifiers.Identifiers

/**
 * One walk over a statement tree. With [out] it writes SQL text; without it (a shape-cache hit) it only collects
 * the parameters, in the same order, so text and values can never disagree. In [ddl] mode (expressions inside
 * DDL, which takes no parameters) values become literals through [SqlLiterals] and columns are written
 * unqualified, and [columnsSeen] collects the columns written. With [settingsPrefix] (a statement inside COPY, which
 * takes no parameters either) parameter `n` is read from the transaction-local setting `<settingsPrefix>n`, which the
 * caller sets from a bound value first (see [io.databridge.dsl.exec.copyOut]): values are still never spliced.
 */
internal class SqlWriter(private val out: StringBuilder?, private val ddl: Boolean = false, private val settingsPrefix: String? = null) {
    val parameters = ArrayList<BoundParameter>()
    val columnsSeen = LinkedHashSet<String>()

    fun sql(): String = out.toString()

    private fun w(text: String) {
        out?.append(text)
    }

    private fun quoted(name: String) {
        // Names were validated when defined; quoting (with `"` doubled) keeps any identifier one token.
        if (out != null) Identifiers.appendQuoted(out, name)
    }

    private inline fun <E> list(items: List<E>, separator: String = ", ", each: (E) -> Unit) {
        items.forEachIndexed { i, item ->
            if (i > 0) w(separator)
            each(item)
        }
    }

    fun statement(s: Statement) {
        when (s) {
            is SelectNode -> select(s)
            is SetOperationNode -> setOperation(s)
            is WithNode -> with(s)
            is InsertNode -> insert(s)
            is UpdateNode -> update(s)
            is DeleteNode -> delete(s)
            is RawStatement -> fragment(s.parts, s.args)
        }
    }

    private fun setOperation(s: SetOperationNode) {
        w("("); statement(s.left); w(") "); w(s.operator.name); if (s.all) w(" ALL"); w(" ("); statement(s.right); w(")")
        if (s.orderBy.isNotEmpty()) {
            w(" ORDER BY ")
            list(s.orderBy) { o -> out?.append(o.position); direction(o.descending, o.nulls) }
        }
        limitOffset(s.limit, s.offset)
    }

    private fun with(s: WithNode) {
        w(if (s.recursive) "WITH RECURSIVE " else "WITH ")
        list(s.ctes) { cte ->
            quoted(cte.table.name)
            if (cte.table.columns.isNotEmpty()) {
                w("("); list(cte.table.columns) { quoted(it.name) }; w(")")
            }
            w(" AS ("); statement(cte.query); w(")")
        }
        w(" ")
        statement(s.body)
    }

    private fun select(s: SelectNode) {
        w("SELECT ")
        if (s.distinct) w("DISTINCT ")
        if (s.distinctOn.isNotEmpty()) {
            w("DISTINCT ON ("); list(s.distinctOn, each = ::expr); w(") ")
        }
        list(s.projection) { e ->
            if (e is Aliased<*>) {
                expr(e.expr); w(" AS "); quoted(e.alias)
            } else {
                expr(e)
            }
        }
        s.from?.let { w(" FROM "); from(it) }
        s.where?.let { w(" WHERE "); expr(it) }
        if (s.groupBy.isNotEmpty()) {
            w(" GROUP BY "); list(s.groupBy, each = ::expr)
        }
        s.having?.let { w(" HAVING "); expr(it) }
        orderBy(s.orderBy)
        limitOffset(s.limit, s.offset)
        s.locking?.let {
            w(" "); w(it.strength.sql)
            when (it.wait) {
                LockWait.WAIT -> Unit
                LockWait.NOWAIT -> w(" NOWAIT")
                LockWait.SKIP_LOCKED -> w(" SKIP LOCKED")
            }
        }
    }

    private fun orderBy(orderings: List<Ordering>, prefix: String = " ORDER BY ") {
        if (orderings.isEmpty()) return
        w(prefix)
        list(orderings) { o -> expr(o.expr); direction(o.descending, o.nulls) }
    }

    private fun direction(descending: Boolean, nulls: Nulls?) {
        if (descending) w(" DESC")
        when (nulls) {
            Nulls.FIRST -> w(" NULLS FIRST")
            Nulls.LAST -> w(" NULLS LAST")
            null -> Unit
        }
    }

    private fun limitOffset(limit: Expr<*>?, offset: Expr<*>?) {
        limit?.let { w(" LIMIT "); expr(it) }
        offset?.let { w(" OFFSET "); expr(it) }
    }

    private fun insert(s: InsertNode) {
        w("INSERT INTO "); table(s.table)
        w(" ("); list(s.columns) { quoted(it.name) }; w(")")
        if (s.query != null) {
            w(" "); statement(s.query)
        } else {
            w(" VALUES ")
            list(s.rows) { row -> w("("); list(row, each = ::expr); w(")") }
        }
        s.onConflict?.let { c ->
            w(" ON CONFLICT")
            when {
                c.constraint != null -> { w(" ON CONSTRAINT "); quoted(c.constraint) }
                c.columns.isNotEmpty() -> { w(" ("); list(c.columns) { quoted(it.name) }; w(")") }
            }
            if (c.update == null) {
                w(" DO NOTHING")
            } else {
                w(" DO UPDATE SET "); assignments(c.update)
                c.where?.let { w(" WHERE "); expr(it) }
            }
        }
        returning(s.returning)
    }

    private fun update(s: UpdateNode) {
        w("UPDATE "); table(s.table)
        w(" SET "); assignments(s.assignments)
        s.from?.let { w(" FROM "); from(it) }
        s.where?.let { w(" WHERE "); expr(it) }
        returning(s.returning)
    }

    private fun delete(s: DeleteNode) {
        w("DELETE FROM "); table(s.table)
        s.using?.let { w(" USING "); from(it) }
        s.where?.let { w(" WHERE "); expr(it) }
        returning(s.returning)
    }

    private fun assignments(items: List<Assignment>) {
        list(items) { a -> quoted(a.column.name); w(" = "); expr(a.value) }
    }

    private fun returning(exprs: List<Expr<*>>) {
        if (exprs.isEmpty()) return
        w(" RETURNING ")
        list(exprs) { e ->
            if (e is Aliased<*>) {
                expr(e.expr); w(" AS "); quoted(e.alias)
            } else {
                expr(e)
            }
        }
    }

    private fun table(t: Table) {
        t.schemaName?.let { quoted(it); w(".") }
        quoted(t.tableName)
    }

    private fun from(item: FromItem) {
        when (item) {
            is Table -> table(item)
            is TableAlias<*> -> { table(item.table); w(" AS "); quoted(item.alias) }
            is SubqueryAlias -> {
                if (item.lateral) w("LATERAL ")
                w("("); statement(item.query); w(") AS "); quoted(item.alias)
            }
            is CteTable -> quoted(item.name)
            is Join -> {
                from(item.left); w(" "); w(item.kind.sql); w(" "); from(item.right)
                if (item.kind != JoinKind.CROSS) item.on?.let { w(" ON "); expr(it) }
            }
        }
    }

    fun expr(e: Expr<*>) {
        when (e) {
            is Column<*> -> if (ddl) {
                columnsSeen += e.name
                quoted(e.name)
            } else {
                if (e.owner === Excluded) w("EXCLUDED") else quoted(e.owner.qualifier)
                w("."); quoted(e.name)
            }
            is Param<*> -> if (ddl) {
                w(SqlLiterals.literal(e.value, e.pgType))
            } else {
                parameters += BoundParameter(e.value, e.pgType)
                // The cast names the parameter's type, so the server's Describe reports exactly the DSL's type
                // (a bare `$1` in `SELECT $1` or `coalesce($1, …)` would be inferred as text).
                if (out != null && settingsPrefix != null) {
                    // The setting holds 'v' + the value's text, or '' for NULL (see copyOut).
                    out.append("substr(NULLIF(current_setting('").append(settingsPrefix).append(parameters.size).append("'), ''), 2)::")
                        .append(e.pgType.placeholderType)
                } else if (out != null) {
                    out.append('$').append(parameters.size).append("::").append(e.pgType.placeholderType)
                }
            }
            is BinaryOp<*> -> { w("("); expr(e.left); w(" "); w(e.operator); w(" "); expr(e.right); w(")") }
            is Logical -> { w("("); list(e.operands, if (e.and) " AND " else " OR ", ::expr); w(")") }
            is Not -> { w("(NOT "); expr(e.operand); w(")") }
            is NullTest -> { w("("); expr(e.operand); w(if (e.negated) " IS NOT NULL)" else " IS NULL)") }
            is InList -> when {
                e.values.isEmpty() -> w(if (e.negated) "TRUE" else "FALSE")
                else -> {
                    w("("); expr(e.operand); w(if (e.negated) " NOT IN (" else " IN ("); list(e.values, each = ::expr); w("))")
                }
            }
            is InSubquery -> {
                w("("); expr(e.operand); w(if (e.negated) " NOT IN (" else " IN ("); statement(e.query); w("))")
            }
            is Exists -> { w(if (e.negated) "(NOT EXISTS (" else "(EXISTS ("); statement(e.query); w("))") }
            is Between -> {
                w("("); expr(e.operand); w(if (e.negated) " NOT BETWEEN " else " BETWEEN ")
                expr(e.low); w(" AND "); expr(e.high); w(")")
            }
            is Case<*> -> {
                w("CASE")
                for (b in e.branches) { w(" WHEN "); expr(b.condition); w(" THEN "); expr(b.result) }
                e.orElse?.let { w(" ELSE "); expr(it) }
                w(" END")
            }
            is Cast<*> -> { w("CAST("); expr(e.operand); w(" AS "); w(e.pgType.sqlName); w(")") }
            is Call<*> -> call(e)
            is WindowCall<*> -> { expr(e.call); w(" OVER ("); window(e.window); w(")") }
            is Quantified -> {
                w("("); expr(e.operand); w(" "); w(e.operator); w(if (e.all) " ALL(" else " ANY("); expr(e.array); w("))")
            }
            is ScalarSubquery<*> -> { w("("); statement(e.query); w(")") }
            is Fragment<*> -> { w("("); fragment(e.parts, e.args); w(")") }
            is Aliased<*> -> expr(e.expr)
        }
    }

    private fun call(e: Call<*>) {
        if (e.name == "current_date") return w("CURRENT_DATE")
        w(e.name); w("(")
        if (e.star) w("*")
        if (e.distinct) w("DISTINCT ")
        list(e.args, each = ::expr)
        orderBy(e.orderBy)
        w(")")
        e.filter?.let { w(" FILTER (WHERE "); expr(it); w(")") }
    }

    private fun window(window: Window) {
        var prefix = ""
        if (window.partitionBy.isNotEmpty()) {
            w("PARTITION BY "); list(window.partitionBy, each = ::expr); prefix = " "
        }
        if (window.orderBy.isNotEmpty()) {
            orderBy(window.orderBy, prefix + "ORDER BY "); prefix = " "
        }
        window.frame?.let { f ->
            w(prefix); w(f.unit.name); w(" BETWEEN "); bound(f.start); w(" AND "); bound(f.end)
        }
    }

    private fun bound(b: FrameBound) {
        when (b) {
            FrameBound.UnboundedPreceding -> w("UNBOUNDED PRECEDING")
            FrameBound.CurrentRow -> w("CURRENT ROW")
            FrameBound.UnboundedFollowing -> w("UNBOUNDED FOLLOWING")
            is FrameBound.Preceding -> { expr(b.offset); w(" PRECEDING") }
            is FrameBound.Following -> { expr(b.offset); w(" FOLLOWING") }
        }
    }

    private fun fragment(parts: List<String>, args: List<Expr<*>>) {
        parts.forEachIndexed { i, part ->
            w(part)
            if (i < args.size) expr(args[i])
        }
    }
}
