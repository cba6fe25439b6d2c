package io.databridge.dsl.render

import io.databridge.dsl.Aliased
import io.databridge.dsl.Assignment
import io.databridge.dsl.Between
import io.databridge.dsl.BinaryOp
import io.databridge.dsl.Call
import io.databridge.dsl.Case
import io.databridge.dsl.Cast
import io.databridge.dsl.Column
import io.databridge.dsl.CteDefinition
import io.databridge.dsl.CteTable
import io.databridge.dsl.DeleteNode
import io.databridge.dsl.Exists
import io.databridge.dsl.Expr
import io.databridge.dsl.Fragment
import io.databridge.dsl.FrameBound
import io.databridge.dsl.FromItem
import io.databridge.dsl.InList
import io.databridge.dsl.InSubquery
import io.databridge.dsl.InsertNode
import io.databridge.dsl.Join
import io.databridge.dsl.Logical
import io.databridge.dsl.Not
import io.databridge.dsl.NullTest
import io.databridge.dsl.OnConflict
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

/**
 * The render cache's key for [statement]: the same tree with every bound value dropped. Parameters compare by type
 * only, so the copy equals, and hashes like, every statement of its shape; keeping the caller's statement as the key
 * instead would keep its values (a large `insertAll`, a big `bytea`) reachable for as long as the cache holds the
 * shape. The walks are exhaustive over the sealed node types, so a new node cannot be forgotten here.
 */
internal fun shapeKey(statement: Statement): Statement = ShapeCopy.statement(statement)

private object ShapeCopy {
    fun statement(s: Statement): Statement = when (s) {
        is SelectNode -> s.copy(
            projection = exprs(s.projection),
            from = s.from?.let(::from),
            distinctOn = exprs(s.distinctOn),
            where = s.where?.let(::expr),
            groupBy = exprs(s.groupBy),
            having = s.having?.let(::expr),
            orderBy = s.orderBy.map(::ordering),
            limit = s.limit?.let(::expr),
            offset = s.offset?.let(::expr),
        )
        is SetOperationNode -> s.copy(left = statement(s.left), right = statement(s.right), limit = s.limit?.let(::expr), offset = s.offset?.let(::expr))
        is WithNode -> s.copy(ctes = s.ctes.map(::cte), body = statement(s.body))
        is InsertNode -> s.copy(
            rows = s.rows.map(::exprs),
            query = s.query?.let(::statement),
            onConflict = s.onConflict?.let(::onConflict),
            returning = exprs(s.returning),
        )
        is UpdateNode -> s.copy(
            assignments = s.assignments.map(::assignment),
            from = s.from?.let(::from),
            where = s.where?.let(::expr),
            returning = exprs(s.returning),
        )
        is DeleteNode -> s.copy(using = s.using?.let(::from), where = s.where?.let(::expr), returning = exprs(s.returning))
        is RawStatement -> s.copy(args = exprs(s.args))
    }

    fun expr(e: Expr<*>): Expr<*> = when (e) {
        is Param<*> -> Param<Any?>(null, e.pgType)
        is Column<*> -> e
        is BinaryOp<*> -> e.copy(left = expr(e.left), right = expr(e.right))
        is Logical -> e.copy(operands = exprs(e.operands))
        is Not -> e.copy(operand = expr(e.operand))
        is NullTest -> e.copy(operand = expr(e.operand))
        is InList -> e.copy(operand = expr(e.operand), values = exprs(e.values))
        is InSubquery -> e.copy(operand = expr(e.operand), query = statement(e.query))
        is Exists -> e.copy(query = statement(e.query))
        is Between -> e.copy(operand = expr(e.operand), low = expr(e.low), high = expr(e.high))
        is Case<*> -> e.copy(branches = e.branches.map { it.copy(condition = expr(it.condition), result = expr(it.result)) }, orElse = e.orElse?.let(::expr))
        is Cast<*> -> e.copy(operand = expr(e.operand))
        is Call<*> -> e.copy(args = exprs(e.args), orderBy = e.orderBy.map(::ordering), filter = e.filter?.let(::expr))
        is WindowCall<*> -> e.copy(call = expr(e.call), window = window(e.window))
        is Quantified -> e.copy(operand = expr(e.operand), array = expr(e.array))
        is ScalarSubquery<*> -> e.copy(query = statement(e.query))
        is Fragment<*> -> e.copy(args = exprs(e.args))
        is Aliased<*> -> aliased(e)
    }

    private fun <T> aliased(e: Aliased<T>): Aliased<T> {
        @Suppress("UNCHECKED_CAST")
        return e.copy(expr = expr(e.expr) as Expr<T>)
    }

    private fun exprs(list: List<Expr<*>>): List<Expr<*>> = if (list.isEmpty()) list else list.map(::expr)

    private fun from(item: FromItem): FromItem = when (item) {
        is Join -> item.copy(left = from(item.left), right = from(item.right), on = item.on?.let(::expr))
        is SubqueryAlias -> item.copy(query = statement(item.query))
        is Table, is TableAlias<*>, is CteTable -> item
    }

    private fun cte(definition: CteDefinition): CteDefinition = definition.copy(query = statement(definition.query))

    private fun ordering(o: Ordering): Ordering = o.copy(expr = expr(o.expr))

    private fun assignment(a: Assignment): Assignment = a.copy(value = expr(a.value))

    private fun onConflict(c: OnConflict): OnConflict = c.copy(update = c.update?.map(::assignment), where = c.where?.let(::expr))

    private fun window(w: Window): Window = w.copy(
        partitionBy = exprs(w.partitionBy),
        orderBy = w.orderBy.map(::ordering),
        frame = w.frame?.let { f -> f.copy(start = bound(f.start), end = bound(f.end)) },
    )

    private fun bound(b: FrameBound): FrameBound = when (b) {
        is FrameBound.Preceding -> b.copy(offset = expr(b.offset))
        is FrameBound.Following -> b.copy(offset = expr(b.offset))
        else -> b
    }
}
