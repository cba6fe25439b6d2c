package io.databridge.dsl.entity.write

import io.databridge.dsl.entity.EntityContext
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.ManyToMany
import io.databridge.dsl.entity.OnDelete
import io.databridge.dsl.entity.OneToMany
import io.databridge.dsl.entity.StaleEntityException
import io.databridge.dsl.entity.statements.EntityStatements
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.executeBatch
import io.databridge.dsl.exec.list
import io.databridge.dsl.select

/**
 * Deletes rows of a mapping by key after following its relations' delete rules: CASCADE children are deleted first
 * (their own cascades before them, level by level, one statement per level), DETACH children get a NULL foreign key,
 * many-to-many link rows go. Versioned rows are deleted as one batch that checks every version.
 */
internal class Deleter(private val context: EntityContext, private val executor: SqlExecutor) {
    /** Deletes the rows of [mapping] with [keys]; with [versions], each must still hold its version. Returns the count. */
    suspend fun delete(mapping: EntityMapping<*, *>, keys: List<List<Any?>>, versions: List<Any?>?): Long {
        if (keys.isEmpty()) return 0
        cascade(mapping, keys)
        val deleted = if (versions != null && mapping.versionColumn != null) {
            val counts = executor.executeBatch(keys.mapIndexed { i, key -> EntityStatements.delete(mapping, key, versions[i]) })
            val stale = counts.indices.filter { counts[it] == 0L }
            if (stale.isNotEmpty()) {
                throw StaleEntityException(
                    "${mapping.entityName}${keys[stale[0]]} was changed or deleted by another transaction since it was read " +
                        "(version ${versions[stale[0]]}); nothing was deleted",
                )
            }
            counts.sum()
        } else if (mapping.keyColumns.size == 1) {
            executor.execute(EntityStatements.deleteWhere(mapping.table, EntityStatements.anyOf(mapping.keyColumns[0], keys.map { it[0] })))
        } else {
            executor.executeBatch(keys.map { EntityStatements.delete(mapping, it, null) }).sum()
        }
        context.identity.deleted(mapping.table, mapping.keyColumns, keys)
        return deleted
    }

    /** Whether deleting a row of [mapping] touches other rows. */
    fun cascades(mapping: EntityMapping<*, *>): Boolean =
        mapping.relations.any { (it is OneToMany<*, *> && it.onDelete != OnDelete.NONE) || it is ManyToMany<*, *> }

    private suspend fun cascade(mapping: EntityMapping<*, *>, keys: List<List<Any?>>) {
        // Relations with delete rules reference the single-column id (checked when they are declared).
        val ids by lazy { keys.map { it[0] } }
        for (relation in mapping.relations) {
            when {
                relation is ManyToMany<*, *> -> {
                    executor.execute(EntityStatements.deleteWhere(relation.link, EntityStatements.anyOf(relation.sourceLink, ids)))
                    context.identity.deleted(relation.link, listOf(relation.sourceLink), ids.map { listOf(it) })
                }
                relation is OneToMany<*, *> && relation.onDelete == OnDelete.DETACH -> {
                    executor.execute(EntityStatements.setNull(relation.target.table, relation.foreignKey, EntityStatements.anyOf(relation.foreignKey, ids)))
                    context.identity.detached(relation.target.table, relation.foreignKey, ids)
                }
                relation is OneToMany<*, *> && relation.onDelete == OnDelete.CASCADE -> {
                    val child = relation.target
                    val byParent = EntityStatements.anyOf(relation.foreignKey, ids)
                    if (cascades(child)) {
                        val childKeys = executor.list(select(child.keyColumns).from(child.table).where(byParent))
                            .map { row -> child.keyColumns.indices.map { row.valueAt(it) } }
                        delete(child, childKeys, null)
                    } else {
                        val gone = executor.list(EntityStatements.deleteReturningKeys(child, byParent))
                        context.identity.deleted(child.table, child.keyColumns, gone.map { row -> child.keyColumns.indices.map { row.valueAt(it) } })
                    }
                }
            }
        }
    }
}
