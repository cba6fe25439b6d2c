package io.databridge.dsl.future

import io.databridge.dsl.Expr
import io.databridge.dsl.Query
import io.databridge.dsl.ResultRow
import io.databridge.dsl.ReturningCapable
import io.databridge.dsl.TupleShape
import io.databridge.dsl.returning

/**
 * An INSERT, UPDATE or DELETE built from Java: run it with [FutureSqlExecutor.execute] for its row count, or add
 * `returning(…)` to get a [Query] of the returned rows.
 */
public abstract class ModificationBuilder internal constructor() {
    /** The statement as the Kotlin DSL's tree, for [FutureSqlExecutor.execute], batches and the renderer. */
    public abstract val statement: ReturningCapable

    /** `RETURNING a`; rows read as `A`. */
    public fun <A> returning(a: Expr<A>): Query<A> = statement.returning(a)

    /** `RETURNING a, b, …`; rows read as [ResultRow], typed by column: `row.get(USERS.name)`. */
    public fun returning(a: Expr<*>, b: Expr<*>, vararg more: Expr<*>): Query<ResultRow> = statement.returning(listOf(a, b, *more))

    /** `RETURNING exprs…`; rows read as [ResultRow]. */
    public fun returningRow(vararg exprs: Expr<*>): Query<ResultRow> = statement.returning(exprs.toList())

    /** `RETURNING exprs…`; each row becomes a [type] (a record or class) through its constructor taking those values in order. */
    public fun <R> returning(type: Class<R>, vararg exprs: Expr<*>): Query<R> {
        val mapping = ConstructorMapping.of(type, exprs.toList())
        return statement.withReturning(TupleShape(exprs.toList(), mapping::create))
    }

    override fun equals(other: Any?): Boolean = other is ModificationBuilder && other.statement == statement

    override fun hashCode(): Int = statement.hashCode()

    override fun toString(): String = statement.statement.toString()
}

/**
 * The step of an UPDATE or DELETE that must say which rows it touches: [where] a condition, or [allRows] to touch
 * every row on purpose, so that a forgotten WHERE cannot empty or rewrite a whole table.
 */
public class WhereStep<B : ModificationBuilder> internal constructor(private val build: (Expr<out Boolean?>?) -> B) {
    /** Only the rows where [condition] holds. */
    public fun where(condition: Expr<out Boolean?>): B = build(condition)

    /** Every row of the table. */
    public fun allRows(): B = build(null)
}
