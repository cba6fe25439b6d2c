package io.databridge.dsl.future

import io.databridge.dsl.DeleteStatement
import io.databridge.dsl.FromItem

/** A DELETE built from Java; [using] joins other tables into it. */
public class DeleteBuilder internal constructor(override val statement: DeleteStatement) : ModificationBuilder() {
    /** `DELETE … USING item`. */
    public fun using(item: FromItem): DeleteBuilder = DeleteBuilder(statement.using(item))
}
