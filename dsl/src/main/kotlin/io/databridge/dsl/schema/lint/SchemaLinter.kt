package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.SchemaChange

/** Runs every rule over planned changes. */
public object SchemaLinter {
    /** Every rule, in the order findings are reported. */
    @JvmField
    public val RULES: List<LintRule> = listOf(
        DropTableRule, DropColumnRule, DropEnumValueRule, NarrowingTypeChangeRule, RewritingTypeChangeRule, SetNotNullRule,
        IndexWithoutConcurrentlyRule, ConstraintWithoutNotValidRule.FOREIGN_KEY, ConstraintWithoutNotValidRule.CHECK,
        UniqueConstraintRule, AddColumnRewriteRule,
    )

    /** What the rules find in [change]. */
    @JvmStatic
    public fun findings(change: SchemaChange, context: LintContext): List<Finding> = RULES.mapNotNull { it.check(change, context) }
}
