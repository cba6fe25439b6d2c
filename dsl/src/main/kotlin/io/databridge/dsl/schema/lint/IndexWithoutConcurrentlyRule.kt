package io.databridge.dsl.schema.lint

import io.databridge.dsl.schema.Finding
import io.databridge.dsl.schema.Safety
import io.databridge.dsl.schema.SchemaChange

/** `CREATE INDEX` without `CONCURRENTLY` on an existing table blocks its writes while the index builds. */
public object IndexWithoutConcurrentlyRule : LintRule {
    override val id: String = "index-without-concurrently"

    override fun check(change: SchemaChange, context: LintContext): Finding? {
        val c = change as? SchemaChange.CreateIndex ?: return null
        if (c.concurrently || c.newTable) return null
        return Finding(id, Safety.LOCKING, "index ${c.index.name} on ${c.table} blocks writes while it builds",
            "CREATE INDEX CONCURRENTLY, outside a transaction")
    }
}
