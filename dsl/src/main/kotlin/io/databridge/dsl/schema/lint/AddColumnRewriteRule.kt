package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange

/**
 * A column added with a volatile default (`gen_random_uuid()`, `random()`, `clock_timestamp()`, `nextval`), as an
 * identity or as a stored generated column fills every row, rewriting the table under an ACCESS EXCLUSIVE lock;
 * a constant or stable default (`now()`) does not. A recreated generated column rewrites it as well.
 */
public object AddColumnRewriteRule : LintRule {
    override val id: String = "add-column-volatile-default"

    /** Calls of functions that give each row its own value. */
    internal val VOLATILE_CALL = Regex(
        """\b(random|gen_random_uuid|uuid_generate_v1|uuid_generate_v4|clock_timestamp|timeofday|nextval|txid_current|statement_timestamp)\s*\(""",
        RegexOption.IGNORE_CASE,
    )

    override fun check(change: SchemaChange, context: LintContext): Finding? {
        val (table, column) = when (change) {
            is SchemaChange.AddColumn -> change.table to change.column
            is SchemaChange.RecreateGeneratedColumn -> change.table to change.column
            else -> return null
        }
        val rewrites = change is SchemaChange.RecreateGeneratedColumn || column.identity != null || column.generated != null ||
            column.default?.let { VOLATILE_CALL.containsMatchIn(it) } == true
        if (!rewrites) return null
        return Finding(id, Safety.LOCKING, "column $table.${column.name} is filled row by row, rewriting the table under an ACCESS EXCLUSIVE lock",
            "add it without the default, set the default, then backfill in batches")
    }
}
