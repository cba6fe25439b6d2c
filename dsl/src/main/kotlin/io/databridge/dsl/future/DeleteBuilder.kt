package io.databridge.dsl.future

import io.databridge.dsl.DeleteStatement
import io.databridge.dsl.Expr
import io.databridge.dsl.FromItem

/** A DELETE built from Java; [using] joins other tables into it. */
public class DeleteBuilder internal constructor(override val statement: DeleteStatement) : ModificationBuilder() {
    /** `DELETE … USING item`. */
    public fun using(item: FromItem): DeleteBuilder = DeleteBuilder(statement.using(item))

    /** One more WHERE condition, combined with AND with the earlier ones (`.where(a).where(b)` is `WHERE a AND b`). */
    public fun where(condition: Expr<out Boolean?>): DeleteBuilder = DeleteBuilder(statement.where(condition))

    /** `WHERE (earlier conditions) OR condition`; refused after `allRows()`, which has no condition to combine with. */
    public fun orWhere(condition: Expr<out Boolean?>): DeleteBuilder = DeleteBuilder(statement.orWhere(condition))
}
