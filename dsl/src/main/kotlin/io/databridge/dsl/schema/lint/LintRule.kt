package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.SchemaChange
import io.databridge.dsl.schema.SchemaModel

/** What a rule knows besides the change: the live catalog as read before the plan. */
public class LintContext(public val actual: SchemaModel)

/** One lint check over planned changes, known by a stable kebab-case [id]. */
public interface LintRule {
    /** The rule's stable id, such as `set-not-null`. */
    public val id: String

    /** The finding for [change], or null when the rule has nothing to say. */
    public fun check(change: SchemaChange, context: LintContext): Finding?
}
