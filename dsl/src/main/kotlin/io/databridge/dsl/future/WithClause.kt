package io.databridge.dsl.future

import io.databridge.dsl.CteDefinition
import io.databridge.dsl.Query

/** `WITH [RECURSIVE] ctes` waiting for the query it precedes: `with(cte).query(select(…).from(cte.table))`. */
public class WithClause internal constructor(private val ctes: Array<out CteDefinition>, private val recursive: Boolean) {
    /** [body] preceded by this WITH clause. */
    public fun <R> query(body: Query<R>): Query<R> = body.with(*ctes, recursive = recursive)
}
