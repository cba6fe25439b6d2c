package io.databridge.dsl.future

import io.databridge.dsl.entity.EntityMapping
import io.databridge.dsl.entity.UnitOfWork
import io.databridge.dsl.entity.unitOfWork
import io.databridge.pg.PgSession
import io.databridge.pg.future.FacadeScope
import io.databridge.pg.future.FuturePgConnection
import io.databridge.pg.future.FuturePgPool
import java.util.concurrent.CompletableFuture
import java.util.function.Function
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.future.await

/** A [UnitOfWork] for Java: register changes, read through its repositories, and it flushes before the commit. */
public class FutureUnitOfWork internal constructor(
    /** The Kotlin unit of work. */
    public val unit: UnitOfWork,
    private val context: CoroutineContext,
    private val scope: FacadeScope,
) {
    /** A repository sharing this unit of work's tracking and transaction. */
    public fun <E : Any, ID : Any> repository(mapping: EntityMapping<E, ID>): FutureEntityRepository<E, ID> =
        FutureEntityRepository(unit.repository(mapping), context, scope)

    /** Registers [entity] as new. */
    public fun <E : Any> add(mapping: EntityMapping<E, *>, entity: E) {
        unit.add(mapping, entity)
    }

    /** Registers [entity] as the current state of a tracked entity. */
    public fun <E : Any> save(mapping: EntityMapping<E, *>, entity: E) {
        unit.save(mapping, entity)
    }

    /** Registers [entity] for deletion. */
    public fun <E : Any> remove(mapping: EntityMapping<E, *>, entity: E) {
        unit.remove(mapping, entity)
    }

    /** The tracked instance under [entity]'s key with what the last flush wrote (its new version); see [UnitOfWork.current]. */
    public fun <E : Any> current(mapping: EntityMapping<E, *>, entity: E): E? = unit.current(mapping, entity)

    /** Writes the pending changes now. */
    public fun flush(): CompletableFuture<Void?> = scope.call(context) {
        unit.flush()
        null
    }

    /** Running units of work from Java. */
    public companion object {
        /**
         * Runs [block] with a unit of work in a transaction of [pool]; when its future completes the changes are
         * flushed and committed, and the result is passed on. A failure rolls everything back.
         */
        @JvmStatic
        public fun <T> run(pool: FuturePgPool, block: Function<FutureUnitOfWork, CompletableFuture<T>>): CompletableFuture<T> =
            run(pool.pool, FacadeScope.of(pool), block)

        /** Runs [block] with a unit of work in a transaction of [connection]; see the pool overload. */
        @JvmStatic
        public fun <T> run(connection: FuturePgConnection, block: Function<FutureUnitOfWork, CompletableFuture<T>>): CompletableFuture<T> =
            run(connection.connection, FacadeScope.of(connection), block)

        private fun <T> run(session: PgSession, scope: FacadeScope, block: Function<FutureUnitOfWork, CompletableFuture<T>>): CompletableFuture<T> =
            scope.call(callContextOf(session)) {
                session.unitOfWork { unit -> block.apply(FutureUnitOfWork(unit, currentCoroutineContext(), scope)).await() }
            }
    }
}
