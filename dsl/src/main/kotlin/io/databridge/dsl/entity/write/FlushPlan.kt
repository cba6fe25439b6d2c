package io.databridge.dsl.entity.write

import io.databridge.dsl.Table
import io.databridge.dsl.entity.EntityContext
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.EntityNotFoundException
import io.databridge.dsl.entity.StaleEntityException
import io.databridge.dsl.entity.statements.EntityStatements
import io.databridge.dsl.entity.tracking.EntityState
import io.databridge.dsl.entity.tracking.Snapshots
import io.databridge.dsl.entity.tracking.TrackedEntity
import io.databridge.dsl.exec.executeBatch

/** One flush of a unit of work: inserts, then updates, then deletes, each in foreign-key order and batched. */
internal class FlushPlan(private val context: EntityContext) {
    suspend fun run() {
        val added = context.identity.takeNew()
        if (added.isNotEmpty()) GraphInsert(context, added.map { it.mapping to it.entity }).run(context.executor)
        updateChanged(context.identity.inState(EntityState.MANAGED))
        deleteRemoved(context.identity.inState(EntityState.REMOVED))
    }

    @Suppress("UNCHECKED_CAST")
    private suspend fun updateChanged(tracked: List<TrackedEntity>) {
        class Change(val entry: TrackedEntity, val own: Array<Any?>, val values: Array<Any?>, val changed: IntArray)
        val moves = ForeignKeyMoves.of(context.identity, tracked)
        val changes = tracked.mapNotNull { entry ->
            val mapping = entry.mapping as EntityMapping<Any, *>
            val own = mapping.valuesOf(entry.entity)
            val values = own.copyOf()
            moves[entry]?.forEach { (index, value) -> values[index] = value }
            val snapshot = entry.snapshot!!
            val changed = Snapshots.changed(mapping, snapshot, values, entry.seen)
            if (changed.isEmpty()) return@mapNotNull null
            // The row as written: the changed columns, the rest as last known (an instance may lag behind it there).
            val written = snapshot.copyOf()
            for (i in changed) written[i] = values[i]
            Change(entry, own, written, changed)
        }
        val groups = changes.groupBy { it.entry.mapping to it.changed.toList() }.entries.sortedBy { rank(it.key.first.table) }
        for ((shape, group) in groups) {
            val mapping = shape.first
            val versions = group.map { if (mapping.versionIndex < 0) null else it.entry.snapshot!![mapping.versionIndex] }
            val statements = group.mapIndexed { i, c -> EntityStatements.update(mapping, c.changed, c.values, mapping.keyOf(c.entry.snapshot!!), versions[i]) }
            val counts = context.executor.executeBatch(statements)
            counts.indices.firstOrNull { counts[it] == 0L }?.let { i ->
                val what = mapping.describe(group[i].entry.snapshot!!)
                if (mapping.versionColumn != null) {
                    throw StaleEntityException("$what was changed or deleted by another transaction (version ${versions[i]}); the flush wrote nothing")
                }
                throw EntityNotFoundException("$what is no longer in ${mapping.table.tableName}; the flush wrote nothing")
            }
            group.forEachIndexed { i, c ->
                if (mapping.versionIndex >= 0) c.values[mapping.versionIndex] = EntityStatements.nextVersion(versions[i])
                c.entry.snapshot = Snapshots.copy(mapping, c.values)
                c.entry.seen = if (Snapshots.sameValues(c.own, c.values)) null else Snapshots.copy(mapping, c.own)
            }
        }
    }

    private suspend fun deleteRemoved(removed: List<TrackedEntity>) {
        val deleter = Deleter(context, context.executor)
        for ((mapping, group) in removed.groupBy { it.mapping }.entries.sortedByDescending { rank(it.key.table) }) {
            val keys = group.map { mapping.keyOf(it.snapshot!!) }
            val versions = if (mapping.versionIndex < 0) null else group.map { it.snapshot!![mapping.versionIndex] }
            deleter.delete(mapping, keys, versions)
        }
    }

    /** How deep [table] sits in the foreign-key graph: referenced tables rank lower and are written first. */
    private fun rank(table: Table, visiting: Set<Table> = emptySet()): Int {
        val parents = table.references.values.mapNotNull { it.owner as? Table }.filter { it !== table && it !in visiting }
        return if (parents.isEmpty()) 0 else 1 + parents.maxOf { rank(it, visiting + table) }
    }
}
