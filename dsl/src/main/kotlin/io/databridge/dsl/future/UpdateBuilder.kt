package io.databridge.dsl.future

import io.databridge.dsl.Expr
import io.databridge.dsl.FromItem
import io.databridge.dsl.UpdateStatement

/** An UPDATE built from Java; [from] joins other tables into it. */
public class UpdateBuilder internal constructor(override val statement: UpdateStatement) : ModificationBuilder() {
    /** `UPDATE … FROM item`. */
    public fun from(item: FromItem): UpdateBuilder = UpdateBuilder(statement.from(item))

    /** One more WHERE condition, combined with AND with the earlier ones (`.where(a).where(b)` is `WHERE a AND b`). */
    public fun where(condition: Expr<out Boolean?>): UpdateBuilder = UpdateBuilder(statement.where(condition))

    /** `WHERE (earlier conditions) OR condition`; refused after `allRows()`, which has no condition to combine with. */
    public fun orWhere(condition: Expr<out Boolean?>): UpdateBuilder = UpdateBuilder(statement.orWhere(condition))
}
