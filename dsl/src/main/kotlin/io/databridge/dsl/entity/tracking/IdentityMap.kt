package io.databridge.dsl.entity.tracking

import io.databridge.dsl.Column
import io.databridge.dsl.Table
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.schema.ReferenceAction

/** Where an entity known to a tracking scope stands. */
internal enum class EntityState { NEW, MANAGED, REMOVED }

/**
 * One entity of a tracking scope: its current instance, the column values last read or written ([snapshot]), its
 * state. [seen] holds the instance's own values when a flush wrote values it does not carry (a bumped version, a
 * foreign key moved through a relation holder): the instance lags there without that being a change. Null when the
 * instance matched what was written.
 */
internal class TrackedEntity(val mapping: EntityMapping<*, *>, var entity: Any, var snapshot: Array<Any?>?, var state: EntityState) {
    var seen: Array<Any?>? = null
}

/**
 * The entities one repository handle or unit of work has loaded or stored, by (mapping, key), with the snapshot of
 * their column values: what `update` compares against. Thread-safe; entries live as long as their scope.
 */
internal class IdentityMap {
    // Keyed by the key value itself for a single-column key (no list per entity), by the list for a composite one.
    private data class EntityKey(val mapping: EntityMapping<*, *>, val key: Any?)

    private var entries = LinkedHashMap<EntityKey, TrackedEntity>()
    private val pending = ArrayList<TrackedEntity>()

    fun get(mapping: EntityMapping<*, *>, key: List<Any?>): TrackedEntity? = synchronized(this) { entries[entityKey(mapping, key)] }

    /**
     * Records [entity] as stored with [values], replacing what was known under its key. [values] becomes the
     * snapshot (its mutable containers copied): callers hand over an array they no longer use.
     */
    fun managed(mapping: EntityMapping<*, *>, entity: Any, values: Array<Any?>): TrackedEntity {
        val tracked = tracked(mapping, entity, values)
        synchronized(this) { entries[keyOf(mapping, values)] = tracked }
        return tracked
    }

    /** [managed] for each of [entities] with the values at the same index of [values], under one lock. */
    fun managedAll(mapping: EntityMapping<*, *>, entities: List<Any>, values: List<Array<Any?>>) {
        synchronized(this) {
            // A fresh scope loading many rows would otherwise rehash its table at every doubling.
            if (entries.isEmpty() && entities.size > INITIAL_ENTRIES) entries = LinkedHashMap(entities.size * 4 / 3 + 1)
            for (i in entities.indices) {
                entries[keyOf(mapping, values[i])] = tracked(mapping, entities[i], values[i])
            }
        }
    }

    /** Records a new entity to insert at the next flush; it has no key yet when the database generates it. */
    fun added(mapping: EntityMapping<*, *>, entity: Any) {
        synchronized(this) { pending += TrackedEntity(mapping, entity, null, EntityState.NEW) }
    }

    /** Drops [entity] from the entities waiting to be inserted; false when it was not waiting. */
    fun dropNew(entity: Any): Boolean = synchronized(this) { pending.removeIf { it.entity === entity } }

    /**
     * Forgets the tracked rows of [table] whose [columns] hold one of [values]: rows a statement deleted, under
     * whichever mapping of the table tracks them. Then follows the foreign keys the table objects declare with
     * `ON DELETE CASCADE` (the database deleted those rows too: forgotten) or `ON DELETE SET NULL` (their snapshot
     * gets the NULL), through the rows this scope tracks.
     */
    fun deleted(table: Table, columns: List<Column<*>>, values: Collection<List<Any?>>) {
        synchronized(this) {
            val pending = ArrayDeque(listOf(Deletion(table, columns, values.toHashSet())))
            val done = HashSet<Deletion>()
            while (pending.isNotEmpty()) {
                val deletion = pending.removeFirst()
                if (!done.add(deletion)) continue
                val gone = ArrayList<TrackedEntity>()
                val all = entries.values.iterator()
                while (all.hasNext()) {
                    val entry = all.next()
                    if (deletion.matches(entry)) gone += entry.also { all.remove() }
                }
                for (rule in DatabaseRule.of(entries.values.map { it.mapping.table }.distinct(), deletion.table)) {
                    val referenced = deletion.valuesOf(rule.referenced, gone)
                    if (referenced.isEmpty()) continue
                    when (rule.action) {
                        ReferenceAction.CASCADE -> pending += Deletion(rule.table, listOf(rule.column), referenced.mapTo(HashSet()) { listOf(it) })
                        else -> detach(rule.table, rule.column, referenced)
                    }
                }
            }
        }
    }

    /** The tracked rows of [table] whose [column] held one of [values] hold NULL there now, as a statement set it. */
    fun detached(table: Table, column: Column<*>, values: Collection<Any?>) {
        synchronized(this) { detach(table, column, values.toHashSet()) }
    }

    private fun detach(table: Table, column: Column<*>, values: Set<Any?>) {
        for (entry in entries.values) {
            if (entry.mapping.table !== table) continue
            val index = entry.mapping.indexOf(column)
            val snapshot = entry.snapshot!!
            if (index < 0 || snapshot[index] == null || snapshot[index] !in values) continue
            // The instance still carries the old key without that being a change of its own, as after a flush.
            entry.seen = entry.seen ?: snapshot.copyOf()
            snapshot[index] = null
        }
    }

    /** The entities added since the last call, in the order they were added. */
    fun takeNew(): List<TrackedEntity> = synchronized(this) { pending.toList().also { pending.clear() } }

    fun inState(state: EntityState): List<TrackedEntity> = synchronized(this) { entries.values.filter { it.state == state } }

    private fun tracked(mapping: EntityMapping<*, *>, entity: Any, values: Array<Any?>): TrackedEntity =
        TrackedEntity(mapping, entity, Snapshots.own(mapping, values), EntityState.MANAGED)

    private fun keyOf(mapping: EntityMapping<*, *>, values: Array<Any?>): EntityKey = EntityKey(mapping, mapping.identityOf(values))

    private fun entityKey(mapping: EntityMapping<*, *>, key: List<Any?>): EntityKey = EntityKey(mapping, if (key.size == 1) key[0] else key)

    private companion object {
        /** What a default LinkedHashMap holds before its first resize. */
        const val INITIAL_ENTRIES = 12
    }
}
