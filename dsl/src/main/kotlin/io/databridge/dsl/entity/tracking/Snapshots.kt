package io.databridge.dsl.entity.tracking

import io.databridge.dsl.entity.EntityMapping
import java.math.BigDecimal

/** Snapshots of column values and the comparison that finds changed columns. */
internal object Snapshots {
    /** [values] of [mapping] with mutable containers copied, so that changing a list or array in place shows as a change. */
    fun copy(mapping: EntityMapping<*, *>, values: Array<Any?>): Array<Any?> = own(mapping, values.copyOf())

    /** [values] of [mapping] itself, its mutable containers replaced by copies: for an array nobody else holds. */
    fun own(mapping: EntityMapping<*, *>, values: Array<Any?>): Array<Any?> {
        for (i in mapping.containerIndexes) {
            when (val v = values[i]) {
                is ByteArray -> values[i] = v.copyOf()
                is List<*> -> values[i] = v.toList()
                is Map<*, *> -> values[i] = v.toMap()
            }
        }
        return values
    }

    /**
     * The indexes of the columns whose value in [current] differs from [snapshot] (and from [seen], the instance's
     * own values after a flush that wrote values it does not carry), leaving out the key and version (never written
     * by an update) and generated columns whose property is null (left to the database).
     */
    fun changed(mapping: EntityMapping<*, *>, snapshot: Array<Any?>, current: Array<Any?>, seen: Array<Any?>? = null): IntArray {
        val changed = ArrayList<Int>()
        for (i in current.indices) {
            if (!writable(mapping, i, current)) continue
            if (!same(snapshot[i], current[i]) && (seen == null || !same(seen[i], current[i]))) changed += i
        }
        return changed.toIntArray()
    }

    /**
     * [own] (the columns another instance's [values] change) joined with the changes still pending on [tracked]'s
     * own instance: those go into [values] where that instance left the column as read, so one write carries both.
     * Where both changed a column, [values] keeps its own.
     */
    @Suppress("UNCHECKED_CAST")
    fun withPending(tracked: TrackedEntity, values: Array<Any?>, own: IntArray): IntArray {
        val mapping = tracked.mapping as EntityMapping<Any, *>
        val current = mapping.valuesOf(tracked.entity)
        val pending = changed(mapping, tracked.snapshot!!, current, tracked.seen)
        if (pending.isEmpty()) return own
        for (i in pending) if (i !in own) values[i] = current[i]
        return (own + pending).distinct().sorted().toIntArray()
    }

    /** Whether [a] and [b] hold the same values, as [changed] compares them. */
    fun sameValues(a: Array<Any?>, b: Array<Any?>): Boolean = a.indices.all { same(a[it], b[it]) }

    /** Every column an update without a snapshot writes. */
    fun all(mapping: EntityMapping<*, *>, current: Array<Any?>): IntArray = current.indices.filter { writable(mapping, it, current) }.toIntArray()

    private fun writable(mapping: EntityMapping<*, *>, i: Int, current: Array<Any?>): Boolean =
        i !in mapping.keyIndexes && i != mapping.versionIndex && !(mapping.generated[i] && current[i] == null)

    /** Whether two column values are equal as change tracking sees them (array contents, numbers by value). */
    fun same(a: Any?, b: Any?): Boolean = when {
        a is ByteArray && b is ByteArray -> a.contentEquals(b)
        a is BigDecimal && b is BigDecimal -> a.compareTo(b) == 0
        else -> a == b
    }
}
