package io.databridge.dsl.entity

import io.databridge.dsl.Expr
import io.databridge.dsl.Ordering
import io.databridge.dsl.and
import io.databridge.dsl.asc
import io.databridge.dsl.countAll
import io.databridge.dsl.entity.load.RelationLoader
import io.databridge.dsl.entity.statements.EntityStatements
import io.databridge.dsl.entity.tracking.EntityState
import io.databridge.dsl.entity.tracking.Snapshots
import io.databridge.dsl.entity.write.CopyTarget
import io.databridge.dsl.entity.write.Deleter
import io.databridge.dsl.entity.write.FlatInsert
import io.databridge.dsl.entity.write.GraphInsert
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.firstOrNull
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.lit
import io.databridge.dsl.select
import io.databridge.dsl.entity.tracking.IdentityMap
import io.databridge.pg.PgSession

/**
 * CRUD for entities of [mapping], run as ordinary DSL statements on a connection, a pool or a transaction.
 *
 * Change tracking is per repository handle (or per [UnitOfWork]): every entity it reads or stores is remembered
 * with a snapshot of its column values, and [update] writes only the columns that differ from that snapshot (no
 * statement at all when none does). Use a handle for one request or transaction; a long-lived handle keeps the
 * snapshots of everything it touched. An entity the handle never saw is updated in full.
 */
public class EntityRepository<E : Any, ID : Any> internal constructor(
    /** The mapping this repository reads and writes. */
    public val mapping: EntityMapping<E, ID>,
    private val context: EntityContext,
) {
    private val loader = RelationLoader(context)

    /** Inserts [entity] (and new entities attached to its loaded relations) and returns it as stored. */
    public suspend fun insert(entity: E): E = insertAll(listOf(entity))[0]

    /**
     * Inserts [entities], all or nothing, and returns them as stored (generated keys and defaults filled), in the same
     * order: rows that leave columns to the database as multi-row INSERT … RETURNING (cut under the protocol's 65,535
     * parameter limit), rows that give every column as batches of one prepared one-row INSERT (measured faster).
     *
     * From 1,000 entities that give every column (none left for the database to generate) and attach nothing to
     * cascade, on a repository of a connection, or of a pool outside a transaction, it stores them with one binary
     * COPY instead (several times faster) and returns the entities as given: nothing was left for the database to fill.
     * A mapping over a view or a table with rules keeps the INSERT, which is what they take rows through.
     */
    @Suppress("UNCHECKED_CAST")
    public suspend fun insertAll(entities: List<E>): List<E> {
        if (entities.isEmpty()) return emptyList()
        val flat = mapping as EntityMapping<Any, *>
        FlatInsert.rowsOf(flat, entities)?.let { rows ->
            FlatInsert.insert(context, flat, entities, rows)
            return entities.toList()
        }
        val graph = GraphInsert(context, entities.map { mapping to it })
        val copy = context.copy
        if (copy != null && entities.size >= CopyTarget.MIN_ROWS && CopyTarget.copyable(mapping)) {
            val rows = graph.completeRows()
            if (rows != null && copy.copy(mapping, rows)) return graph.storedAsGiven() as List<E>
        }
        val stored = if (graph.isOneStatement) graph.run(context.executor) else context.atomically { graph.run(it) }
        return stored as List<E>
    }

    /** The entity with [id], with the relations of [with] loaded, or null. */
    public suspend fun findById(id: ID, vararg with: LoadPlan<E>): E? =
        findAll(EntityStatements.keyIs(mapping, mapping.keyOfId(id)), with = with.toList()).firstOrNull()

    /**
     * The entities matching [where] (all when null), sorted by [orderBy], at most [limit], with the relations of
     * [with] loaded: one statement for the entities, then one per relation level.
     */
    public suspend fun findAll(
        where: Expr<out Boolean?>? = null,
        orderBy: List<Ordering> = emptyList(),
        limit: Long? = null,
        with: List<LoadPlan<E>> = emptyList(),
    ): List<E> {
        context.prepareQuery()
        var query = EntityStatements.selectAll(mapping)
        if (where != null) query = query.where(where)
        if (orderBy.isNotEmpty()) query = query.orderBy(*orderBy.toTypedArray())
        if (limit != null) query = query.limit(limit)
        return context.load(mapping, query).also { loader.load(it, with) }
    }

    /**
     * One page of keyset pagination in key order: the first [size] entities matching [where] whose key comes after
     * [after]'s (from the start when null). Pass the last entity of a page to get the next one.
     */
    public suspend fun page(size: Int, after: E? = null, where: Expr<out Boolean?>? = null, with: List<LoadPlan<E>> = emptyList()): List<E> {
        val afterKey = after?.let { EntityStatements.keyAfter(mapping, mapping.keyOf(mapping.valuesOf(it))) }
        val condition = when {
            afterKey == null -> where
            where == null -> afterKey
            else -> afterKey and where
        }
        return findAll(condition, mapping.keyColumns.map { it.asc() }, size.toLong(), with)
    }

    /** One page of keyset pagination: the first [size] entities matching [where] whose key comes after [afterId]. */
    public suspend fun pageAfterId(size: Int, afterId: ID, where: Expr<out Boolean?>? = null, with: List<LoadPlan<E>> = emptyList()): List<E> {
        val afterKey = EntityStatements.keyAfter(mapping, mapping.keyOfId(afterId))
        return findAll(if (where == null) afterKey else afterKey and where, mapping.keyColumns.map { it.asc() }, size.toLong(), with)
    }

    /** How many rows match [where] (all when null). */
    public suspend fun count(where: Expr<out Boolean?>? = null): Long {
        context.prepareQuery()
        val query = select(countAll()).from(mapping.table)
        return context.executor.single(if (where == null) query else query.where(where))
    }

    /** Whether any row matches [where] (any row at all when null). */
    public suspend fun exists(where: Expr<out Boolean?>? = null): Boolean {
        context.prepareQuery()
        val query = select(lit(1)).from(mapping.table).limit(1)
        return context.executor.firstOrNull(if (where == null) query else query.where(where)) != null
    }

    /** Whether a row with [id] exists. */
    public suspend fun existsById(id: ID): Boolean = exists(EntityStatements.keyIs(mapping, mapping.keyOfId(id)))

    /**
     * Writes the columns of [entity] that changed since this handle read or stored it, checking and incrementing the
     * version column when there is one, and returns the entity as stored. Nothing changed: no statement, [entity] is
     * returned. Fails with [StaleEntityException] when the version no longer matches (nothing written), or
     * [EntityNotFoundException] when an unversioned entity's row is gone.
     *
     * In a [UnitOfWork], changes still pending on the instance it tracks under the same key (a copy given to
     * [UnitOfWork.save], an entity changed in place) are written too, so none is lost; where both changed a column,
     * [entity]'s value wins, being the later. The stored entity returned carries both.
     */
    public suspend fun update(entity: E): E {
        val values = mapping.valuesOf(entity)
        val key = mapping.keyOf(values)
        val tracked = context.identity.get(mapping, key)
        val snapshot = tracked?.snapshot
        var changed = if (snapshot == null) Snapshots.all(mapping, values) else Snapshots.changed(mapping, snapshot, values, tracked.seen)
        if (context.holdsPendingChanges && tracked != null && tracked.state == EntityState.MANAGED && tracked.entity !== entity) {
            changed = Snapshots.withPending(tracked, values, changed)
        }
        if (changed.isEmpty()) return entity
        val version = if (mapping.versionIndex < 0) null else (snapshot ?: values)[mapping.versionIndex]
        val rows = context.executor.list(EntityStatements.updateReturning(mapping, changed, values, key, version))
        if (rows.isEmpty()) throw notUpdated(key, version)
        return context.managed(mapping, rows[0])
    }

    /**
     * Inserts [entity], or on a key conflict overwrites the stored row's other columns with its values (the version
     * column, if any, is incremented instead); returns the entity as stored.
     */
    public suspend fun upsert(entity: E): E {
        val values = mapping.valuesOf(entity)
        val included = values.indices.filter { !(mapping.generated[it] && values[it] == null) }.toIntArray()
        return context.managed(mapping, context.executor.single(EntityStatements.upsert(mapping, included, values)))
    }

    /**
     * Deletes [entity] after applying its relations' delete rules (in one transaction when there are any); with a
     * version column the row must still hold the version read, else [StaleEntityException]. Returns whether a row went.
     */
    public suspend fun delete(entity: E): Boolean {
        val values = mapping.valuesOf(entity)
        val key = mapping.keyOf(values)
        val version = if (mapping.versionIndex < 0) null else (context.identity.get(mapping, key)?.snapshot ?: values)[mapping.versionIndex]
        return deleteKeys(listOf(key), listOf(version)) > 0
    }

    /** Deletes the entity with [id] (no version check), after its relations' delete rules; returns whether a row went. */
    public suspend fun deleteById(id: ID): Boolean = deleteKeys(listOf(mapping.keyOfId(id)), null) > 0

    /** Loads the relations of [plans] into [entities] now: one statement per relation level. */
    public suspend fun load(entities: List<E>, vararg plans: LoadPlan<E>) {
        loader.load(entities, plans.toList())
    }

    /** Loads the relations of [plans] into [entity] now. */
    public suspend fun load(entity: E, vararg plans: LoadPlan<E>) {
        loader.load(listOf(entity), plans.toList())
    }

    /** Whether this handle tracks a snapshot of [entity]'s row. */
    public fun isTracked(entity: E): Boolean = context.identity.get(mapping, mapping.keyOf(mapping.valuesOf(entity)))?.snapshot != null

    private suspend fun deleteKeys(keys: List<List<Any?>>, versions: List<Any?>?): Long {
        val deleter = Deleter(context, context.executor)
        if (!deleter.cascades(mapping)) return deleter.delete(mapping, keys, versions)
        return context.atomically { Deleter(context, it).delete(mapping, keys, versions) }
    }

    private fun notUpdated(key: List<Any?>, version: Any?): RuntimeException =
        if (mapping.versionColumn != null) {
            StaleEntityException(
                "${mapping.entityName}$key was changed or deleted by another transaction since it was read (version $version); nothing was written",
            )
        } else {
            EntityNotFoundException("${mapping.entityName}$key is not in ${mapping.table.tableName}; nothing was written")
        }

    override fun toString(): String = "EntityRepository(${mapping.entityName} on ${context.executor})"
}

/** A repository of [mapping] on this connection, pool or transaction, with its own change tracking. */
public fun <E : Any, ID : Any> PgSession.repository(mapping: EntityMapping<E, ID>): EntityRepository<E, ID> {
    val executor = asSqlExecutor()
    return EntityRepository(mapping, EntityContext(executor, IdentityMap(), TransactionScope.of(this), CopyTarget.of(this)))
}

/**
 * A repository of [mapping] on another [SqlExecutor]. It cannot open transactions, so cascades and multi-statement
 * inserts run statement by statement (give it a transaction's executor when they must be atomic), and it never COPYs.
 */
public fun <E : Any, ID : Any> SqlExecutor.repository(mapping: EntityMapping<E, ID>): EntityRepository<E, ID> =
    EntityRepository(mapping, EntityContext(this, IdentityMap(), TransactionScope.none))
