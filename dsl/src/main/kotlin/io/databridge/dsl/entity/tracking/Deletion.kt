package io.databridge.dsl.entity.tracking

import io.databridge.dsl.Column
import io.databridge.dsl.Table
import io.databridge.dsl.schema.ReferenceAction

/** Rows of [table] deleted by their [columns] holding one of [values]. */
internal data class Deletion(val table: Table, val columns: List<Column<*>>, val values: Set<List<Any?>>) {
    /** Whether [entry] tracks one of these rows. */
    fun matches(entry: TrackedEntity): Boolean {
        if (entry.mapping.table !== table) return false
        val snapshot = entry.snapshot ?: return false
        val indexes = columns.map { entry.mapping.indexOf(it) }
        return indexes.none { it < 0 } && indexes.map { snapshot[it] } in values
    }

    /** The values these rows held in [column]: known when it is the column they were deleted by, else from the tracked ones ([gone]). */
    fun valuesOf(column: Column<*>, gone: List<TrackedEntity>): Set<Any?> {
        if (columns == listOf(column)) return values.mapTo(HashSet()) { it[0] }
        return gone.mapNotNullTo(HashSet()) { entry -> entry.mapping.indexOf(column).takeIf { it >= 0 }?.let { entry.snapshot!![it] } }
    }
}

/** A foreign key [column] of [table] to [referenced] whose `ON DELETE` [action] the database carries out by itself. */
internal class DatabaseRule(val table: Table, val column: Column<*>, val referenced: Column<*>, val action: ReferenceAction) {
    companion object {
        /** The rules of [tables] on rows deleted from [parent]: `ON DELETE CASCADE` and `SET NULL` as the table objects declare them. */
        fun of(tables: Collection<Table>, parent: Table): List<DatabaseRule> = tables.flatMap { table ->
            table.references.mapNotNull { (column, referenced) ->
                val action = table.declarations.foreignKeyOptions[column.name]?.onDelete
                if (referenced.owner !== parent || (action != ReferenceAction.CASCADE && action != ReferenceAction.SET_NULL)) null
                else DatabaseRule(table, column, referenced, action)
            }
        }
    }
}
