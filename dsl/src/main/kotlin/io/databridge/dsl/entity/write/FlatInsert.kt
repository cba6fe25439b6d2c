package io.databridge.dsl.entity.write

import io.databridge.dsl.entity.EntityContext
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.exec.ParameterLimit
import java.util.Collections
import java.util.IdentityHashMap

/**
 * insertAll's path for entities that need no insert graph: their mapping declares no relation (nothing can cascade),
 * each instance comes once, and every row gives every column (nothing for the database to fill, so nothing to read
 * back). It sends what [GraphInsert] sends for such rows (one COPY from [CopyTarget.MIN_ROWS] rows where allowed, else
 * batches of the one-row INSERT) without the graph's nodes and per-row bookkeeping, which were most of insertAll's
 * client time on 1,000 rows (docs/benchmarks.md, round 7).
 */
internal object FlatInsert {
    /** The column values of [entities] when they can take this path, else null. */
    fun rowsOf(mapping: EntityMapping<Any, *>, entities: List<Any>): List<Array<Any?>>? {
        if (mapping.relations.isNotEmpty()) return null
        val seen = Collections.newSetFromMap(IdentityHashMap<Any, Boolean>(entities.size))
        val rows = ArrayList<Array<Any?>>(entities.size)
        for (entity in entities) {
            if (!seen.add(entity)) return null
            val values = mapping.valuesOf(entity)
            for (i in values.indices) if (mapping.generated[i] && values[i] == null) return null
            rows += values
        }
        return rows
    }

    /** Stores [rows], the values of [entities], all or nothing, and tracks the entities as stored with them. */
    suspend fun insert(context: EntityContext, mapping: EntityMapping<Any, *>, entities: List<Any>, rows: List<Array<Any?>>) {
        val copy = context.copy
        val copied = copy != null && rows.size >= CopyTarget.MIN_ROWS && CopyTarget.copyable(mapping) && copy.copy(mapping, rows)
        if (!copied) {
            val chunks = rows.chunked(ParameterLimit.rowsPerStatement(mapping.columns.size))
            if (chunks.size == 1) {
                CompleteRowsBatch.insert(context.executor, mapping, rows)
            } else {
                context.atomically { executor -> for (chunk in chunks) CompleteRowsBatch.insert(executor, mapping, chunk) }
            }
        }
        context.identity.managedAll(mapping, entities, rows)
    }
}
