package io.databridge.dsl.future

import io.databridge.dsl.Expr
import io.databridge.dsl.Ordering
import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.EntityRepository
import io.databridge.dsl.entity.LoadPlan
import io.databridge.dsl.entity.repository
import io.databridge.pg.PgSession
import io.databridge.pg.future.FacadeScope
import io.databridge.pg.future.FuturePgConnection
import io.databridge.pg.future.FuturePgPool
import io.databridge.pg.future.FutureTransaction
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineScope

/**
 * An [EntityRepository] for Java: the same operations, each completing a [CompletableFuture] (failures as the
 * cause of the `CompletionException`: `StaleEntityException`, server errors…). Entities may be Java classes or
 * records mapped with [EntityMapping.of]. Change tracking is per repository handle, as in Kotlin.
 */
public class FutureEntityRepository<E : Any, ID : Any> internal constructor(
    /** The Kotlin repository the calls run on. */
    public val repository: EntityRepository<E, ID>,
    private val context: CoroutineContext,
    private val scope: FacadeScope,
) {
    /** Inserts [entity] (and new entities attached to its loaded relations); completes with it as stored. */
    public fun insert(entity: E): CompletableFuture<E> = call { repository.insert(entity) }

    /** Inserts [entities] as chunked multi-row INSERTs, all or nothing; completes with them as stored, in order. */
    public fun insertAll(entities: List<E>): CompletableFuture<List<E>> = call { repository.insertAll(entities) }

    /** Completes with the entity with [id] (relations of [with] loaded), or null. */
    public fun findById(id: ID, vararg with: LoadPlan<E>): CompletableFuture<E?> = call { repository.findById(id, *with) }

    /** Completes with every entity. */
    public fun findAll(): CompletableFuture<List<E>> = call { repository.findAll() }

    /** Completes with the entities matching [where]. */
    public fun findAll(where: Expr<out Boolean?>): CompletableFuture<List<E>> = call { repository.findAll(where) }

    /**
     * Completes with the entities matching [where] (all when null) in [orderBy] order, at most [limit] (none when
     * null), with the relations of [with] loaded: one statement, then one per relation level.
     */
    public fun findAll(where: Expr<out Boolean?>?, orderBy: List<Ordering>, limit: Long?, with: List<LoadPlan<E>>): CompletableFuture<List<E>> =
        call { repository.findAll(where, orderBy, limit, with) }

    /** Completes with the first [size] entities in key order after [after] (from the start when null). */
    public fun page(size: Int, after: E?): CompletableFuture<List<E>> = call { repository.page(size, after) }

    /** Completes with the number of rows. */
    public fun count(): CompletableFuture<Long> = call { repository.count() }

    /** Completes with the number of rows matching [where]. */
    public fun count(where: Expr<out Boolean?>): CompletableFuture<Long> = call { repository.count(where) }

    /** Completes with whether a row matches [where]. */
    public fun exists(where: Expr<out Boolean?>): CompletableFuture<Boolean> = call { repository.exists(where) }

    /** Completes with whether a row with [id] exists. */
    public fun existsById(id: ID): CompletableFuture<Boolean> = call { repository.existsById(id) }

    /** Writes the changed columns of [entity] (none: no statement); completes with it as stored. */
    public fun update(entity: E): CompletableFuture<E> = call { repository.update(entity) }

    /** Inserts [entity] or overwrites the row with its key; completes with it as stored. */
    public fun upsert(entity: E): CompletableFuture<E> = call { repository.upsert(entity) }

    /** Deletes [entity] (version checked, delete rules followed); completes with whether a row went. */
    public fun delete(entity: E): CompletableFuture<Boolean> = call { repository.delete(entity) }

    /** Deletes the entity with [id]; completes with whether a row went. */
    public fun deleteById(id: ID): CompletableFuture<Boolean> = call { repository.deleteById(id) }

    /** Loads the relations of [plans] into [entities]: one statement per relation level. */
    public fun load(entities: List<E>, vararg plans: LoadPlan<E>): CompletableFuture<Void?> = call {
        repository.load(entities, *plans)
        null
    }

    override fun toString(): String = "Future$repository"

    private fun <T> call(block: suspend CoroutineScope.() -> T): CompletableFuture<T> = scope.call(context, block)

    /** Where Java code gets a repository. */
    public companion object {
        /** A repository of [mapping] on [pool]. */
        @JvmStatic
        public fun <E : Any, ID : Any> of(pool: FuturePgPool, mapping: EntityMapping<E, ID>): FutureEntityRepository<E, ID> =
            of(pool.pool, mapping, FacadeScope.of(pool))

        /** A repository of [mapping] on [connection]. */
        @JvmStatic
        public fun <E : Any, ID : Any> of(connection: FuturePgConnection, mapping: EntityMapping<E, ID>): FutureEntityRepository<E, ID> =
            of(connection.connection, mapping, FacadeScope.of(connection))

        /** A repository of [mapping] inside [transaction]. */
        @JvmStatic
        public fun <E : Any, ID : Any> of(transaction: FutureTransaction, mapping: EntityMapping<E, ID>): FutureEntityRepository<E, ID> =
            of(transaction.transaction, mapping, FacadeScope.of(transaction))

        /** A repository of [mapping] on any Kotlin connection, pool or transaction. */
        @JvmStatic
        public fun <E : Any, ID : Any> of(session: PgSession, mapping: EntityMapping<E, ID>): FutureEntityRepository<E, ID> =
            of(session, mapping, FacadeScope.onEventLoop)

        private fun <E : Any, ID : Any> of(session: PgSession, mapping: EntityMapping<E, ID>, scope: FacadeScope): FutureEntityRepository<E, ID> =
            FutureEntityRepository(session.repository(mapping), callContextOf(session), scope)
    }
}
