package io.databridge.dsl.entity

import io.databridge.dsl.entity.tracking.EntityState
import io.databridge.dsl.entity.tracking.IdentityMap
import io.databridge.dsl.entity.tracking.Snapshots
import io.databridge.dsl.entity.write.FlushPlan
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.pg.PgSession

/**
 * Collects the changes of many entities inside one transaction and writes them at [flush]: new entities (and new
 * ones attached to their loaded relations) in foreign-key order as multi-row INSERTs, changed columns of tracked
 * entities as batched UPDATEs (one round trip per mapping and set of changed columns, versions checked), removed
 * entities children-first with their delete rules. Queries through its repositories flush first, so they see the
 * pending changes. Mutable entities are checked for changes in place; for immutable ones hand the changed copy to
 * [save]. Inside a unit of work the version an update checks is the one last read or written, kept in the snapshot.
 */
public class UnitOfWork internal constructor(executor: SqlExecutor) {
    private val identity = IdentityMap()
    private val context = EntityContext(executor, identity, TransactionScope.none, beforeQuery = { flush() }, holdsPendingChanges = true)

    /** A repository sharing this unit of work's tracking and transaction. */
    public fun <E : Any, ID : Any> repository(mapping: EntityMapping<E, ID>): EntityRepository<E, ID> = EntityRepository(mapping, context)

    /** Registers [entity] as new: it is inserted at the next flush. */
    public fun <E : Any> add(mapping: EntityMapping<E, *>, entity: E) {
        identity.added(mapping, entity)
    }

    /** Registers [entity] as the current state of a tracked entity (a changed copy); an untracked one is added. */
    public fun <E : Any> save(mapping: EntityMapping<E, *>, entity: E) {
        val tracked = identity.get(mapping, mapping.keyOf(mapping.valuesOf(entity)))
        if (tracked == null || tracked.state != EntityState.MANAGED) add(mapping, entity) else tracked.entity = entity
    }

    /** Registers [entity] for deletion at the next flush (with its relations' delete rules); a pending new one is dropped. */
    public fun <E : Any> remove(mapping: EntityMapping<E, *>, entity: E) {
        if (identity.dropNew(entity)) return
        val values = mapping.valuesOf(entity)
        val tracked = identity.get(mapping, mapping.keyOf(values)) ?: identity.managed(mapping, entity, values)
        tracked.state = EntityState.REMOVED
    }

    /**
     * The instance this unit of work tracks under [entity]'s key, carrying what the last flush wrote: after a flush
     * that bumped its version or moved its foreign key through a relation holder, a new instance with those values
     * and the changes still pending on the tracked one (an immutable entity cannot be changed in place); from then on
     * that instance is the one tracked. Null when the key is not tracked.
     */
    @Suppress("UNCHECKED_CAST")
    public fun <E : Any> current(mapping: EntityMapping<E, *>, entity: E): E? {
        val tracked = identity.get(mapping, mapping.keyOf(mapping.valuesOf(entity))) ?: return null
        val seen = tracked.seen ?: return tracked.entity as E
        val snapshot = tracked.snapshot!!
        val values = mapping.valuesOf(tracked.entity as E)
        for (i in values.indices) if (Snapshots.same(values[i], seen[i])) values[i] = snapshot[i]
        return mapping.fromValues(values).also {
            tracked.entity = it
            tracked.seen = null
        }
    }

    /** Writes every pending change now, in dependency order. */
    public suspend fun flush() {
        FlushPlan(context).run()
    }
}

/**
 * Runs [block] with a [UnitOfWork] in a transaction of this session (a savepoint inside an open one) and flushes it
 * before the commit; an exception rolls everything back.
 */
public suspend fun <T> PgSession.unitOfWork(block: suspend (UnitOfWork) -> T): T =
    TransactionScope.of(this).run(asSqlExecutor()) { executor ->
        val unit = UnitOfWork(executor)
        block(unit).also { unit.flush() }
    }
