package io.databridge.dsl.entity.load

import io.databridge.dsl.Column
import io.databridge.dsl.asc
import io.databridge.dsl.select
import io.databridge.dsl.entity.EntityContext
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.LoadPlan
import io.databridge.dsl.entity.ManyToMany
import io.databridge.dsl.entity.ManyToOne
import io.databridge.dsl.entity.OneToMany
import io.databridge.dsl.entity.Relation
import io.databridge.dsl.entity.statements.EntityStatements
import io.databridge.dsl.exec.list

/**
 * Loads relations of entities already read, one SELECT per relation level: the keys of every parent go into one
 * array parameter (`fk = ANY($1)`), and the rows that come back are stitched to their parents by key. Parents keep
 * their order; children come in key order. Every loaded entity is tracked like one read directly.
 */
internal class RelationLoader(private val context: EntityContext) {
    /** Runs [plans] on [entities], then each plan's nested plans on what it loaded. */
    suspend fun <S : Any> load(entities: List<S>, plans: List<LoadPlan<S>>) {
        if (entities.isEmpty()) return
        for (plan in plans) {
            val loaded = loadLevel(entities, plan.relation)
            @Suppress("UNCHECKED_CAST")
            load(loaded, plan.nested as List<LoadPlan<Any>>)
        }
    }

    @Suppress("UNCHECKED_CAST")
    private suspend fun <S : Any> loadLevel(entities: List<S>, relation: Relation<S, *>): List<Any> = when (relation) {
        is ManyToOne<S, *> -> manyToOne(entities, relation as ManyToOne<S, Any>)
        is OneToMany<S, *> -> oneToMany(entities, relation as OneToMany<S, Any>)
        is ManyToMany<S, *> -> manyToMany(entities, relation as ManyToMany<S, Any>)
    }

    private suspend fun <S : Any, T : Any> manyToOne(entities: List<S>, relation: ManyToOne<S, T>): List<Any> {
        val fk = relation.source.indexOf(relation.foreignKey)
        val keys = entities.mapNotNull { relation.source.valueOf(it, fk) }.distinct()
        val byReference = HashMap<Any?, T>()
        if (keys.isNotEmpty()) {
            val ref = relation.target.indexOf(relation.referenced)
            for (target in select(relation.target, relation.referenced, keys)) byReference[relation.target.valueOf(target, ref)] = target
        }
        for (entity in entities) relation.holder.read(entity).set(relation.source.valueOf(entity, fk)?.let { byReference[it] })
        return byReference.values.toList()
    }

    private suspend fun <S : Any, T : Any> oneToMany(entities: List<S>, relation: OneToMany<S, T>): List<Any> {
        val ref = relation.source.indexOf(relation.referenced)
        val keys = entities.mapNotNull { relation.source.valueOf(it, ref) }.distinct()
        val children = if (keys.isEmpty()) emptyList() else select(relation.target, relation.foreignKey, keys)
        val fk = relation.target.indexOf(relation.foreignKey)
        val byParent = children.groupBy { relation.target.valueOf(it, fk) }
        for (entity in entities) relation.holder.read(entity).set(byParent[relation.source.valueOf(entity, ref)] ?: emptyList())
        return children
    }

    private suspend fun <S : Any, T : Any> manyToMany(entities: List<S>, relation: ManyToMany<S, T>): List<Any> {
        val ref = relation.source.indexOf(relation.sourceReferenced)
        val keys = entities.mapNotNull { relation.source.valueOf(it, ref) }.distinct()
        val byParent = HashMap<Any?, MutableList<T>>()
        val distinct = LinkedHashMap<List<Any?>, T>()
        if (keys.isNotEmpty()) {
            val target = relation.target
            val query = select(target.columns + relation.sourceLink).from(target.table)
                .innerJoin(relation.link, EntityStatements.columnsEqual(relation.targetLink, relation.targetReferenced))
                .where(EntityStatements.anyOf(relation.sourceLink, keys))
                .orderBy(*target.keyColumns.map { it.asc() }.toTypedArray())
            for (row in context.executor.list(query)) {
                val key = target.keyIndexes.map { row.valueAt(it) }
                val entity = distinct.getOrPut(key) { context.managed(target, row) }
                byParent.getOrPut(row[relation.sourceLink]) { ArrayList() } += entity
            }
        }
        for (entity in entities) relation.holder.read(entity).set(byParent[relation.source.valueOf(entity, ref)] ?: emptyList())
        return distinct.values.toList()
    }

    private suspend fun <T : Any> select(mapping: EntityMapping<T, *>, column: Column<*>, keys: List<Any?>): List<T> {
        val query = EntityStatements.selectAll(mapping)
            .where(EntityStatements.anyOf(column, keys))
            .orderBy(*mapping.keyColumns.map { it.asc() }.toTypedArray())
        return context.load(mapping, query)
    }
}
