package io.databridge.dsl.future

import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.Query
import io.databridge.dsl.RawStatement
import io.databridge.dsl.ReturningCapable
import io.databridge.dsl.Table
import io.databridge.dsl.ValuesBuilder
import io.databridge.dsl.UnexpectedNullException
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.copyIn
import io.databridge.dsl.exec.copyOut
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.executeBatch
import io.databridge.dsl.exec.first
import io.databridge.dsl.exec.firstOrNull
import io.databridge.dsl.exec.flow
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.query
import io.databridge.dsl.exec.single
import io.databridge.dsl.exec.singleOrNull
import io.databridge.pg.PgConnection
import io.databridge.pg.PgSession
import io.databridge.pg.Row
import io.databridge.pg.future.FacadeScope
import io.databridge.pg.future.FuturePgConnection
import io.databridge.pg.future.FuturePgPool
import io.databridge.pg.future.FutureTransaction
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import java.util.function.BiConsumer
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.jdk9.asPublisher

/**
 * Runs DSL statements from Java on a [FuturePgConnection], a [FuturePgPool] or inside a [FutureTransaction]:
 * results are [CompletableFuture]s of typed rows, streams are [Flow.Publisher]s. Errors complete the future
 * exceptionally with the typed exception (server errors as `PgServerException` subclasses, a wrong row count as
 * `UnexpectedRowCountException`) as the cause of the `CompletionException`. Cancelling a future cancels the
 * statement. Futures complete where those of the engine facade the executor was made from complete: on the
 * connection's event loop (chained non-`Async` callbacks must not block), or on the executor given to
 * `DataBridge.create(executor)`; made from a Kotlin session, on the event loop.
 */
public class FutureSqlExecutor private constructor(
    /** The Kotlin executor the statements run on. */
    public val executor: SqlExecutor,
    private val context: CoroutineContext,
    private val session: PgSession?,
    private val scope: FacadeScope,
) {
    /** Runs [query] and completes with every row decoded. */
    public fun <R> list(query: Query<R>): CompletableFuture<List<R>> = call { executor.list(query) }

    /** Runs [query] and completes with its only row; fails with `UnexpectedRowCountException` for none or several. */
    public fun <R> single(query: Query<R>): CompletableFuture<R> = call { executor.single(query) }

    /** Runs [query] and completes with its only row, or null when it returns none; several rows fail the future. */
    public fun <R> singleOrNull(query: Query<R>): CompletableFuture<R?> = call { executor.singleOrNull(query) }

    /** Runs [query] and completes with its first row; no row fails the future with `UnexpectedRowCountException`. */
    public fun <R> first(query: Query<R>): CompletableFuture<R> = call { executor.first(query) }

    /** Runs [query] and completes with its first row, or null when it returns none. */
    public fun <R> firstOrNull(query: Query<R>): CompletableFuture<R?> = call { executor.firstOrNull(query) }

    /** Streams the rows of [query] with the engine's default fetch size; see the overload. */
    public fun <R : Any> stream(query: Query<R?>): Flow.Publisher<R> = stream(query, PgConnection.DEFAULT_FETCH_SIZE)

    /**
     * Streams the rows of [query], [fetchSize] per round trip, honouring the subscriber's `request(n)` (bounded
     * memory). Each subscription runs the query anew; cancelling the subscription ends it. A publisher cannot carry
     * null, so a row that decodes to null (a one-column select of a NULL value) ends the stream with
     * [UnexpectedNullException]; select such a column through `ifNull` or `selectRow` to stream it.
     */
    public fun <R : Any> stream(query: Query<R?>, fetchSize: Int): Flow.Publisher<R> =
        executor.flow(query, fetchSize).map { it ?: throw UnexpectedNullException(NULL_ROW) }.asPublisher(context)

    /** Runs an INSERT, UPDATE or DELETE (without RETURNING) and completes with the number of rows it affected. */
    public fun execute(statement: ModificationBuilder): CompletableFuture<Long> = execute(statement.statement)

    /** Runs a statement of the Kotlin DSL and completes with the number of rows it affected. */
    public fun execute(statement: ReturningCapable): CompletableFuture<Long> = call { executor.execute(statement) }

    /** Runs raw SQL with bound parameters and completes with the affected row count (-1 when the command reports none). */
    public fun execute(statement: RawStatement): CompletableFuture<Long> = call { executor.execute(statement) }

    /** Runs raw SQL with bound parameters and completes with the engine's rows, to read by index or name. */
    public fun query(statement: RawStatement): CompletableFuture<List<Row>> = call { executor.query(statement) }

    /**
     * Runs [statements], which must have the same shape (the same SQL with different values, e.g. one insert per
     * item), as one batch: one round trip, all or nothing. Completes with each statement's row count; a statement of
     * another shape fails the future with `InvalidQueryException` before anything is sent.
     */
    public fun executeBatch(statements: List<ModificationBuilder>): CompletableFuture<LongArray> =
        call { executor.executeBatch(statements.map { it.statement }) }

    /**
     * Writes one row per item of [items] into [table] with binary COPY, its columns set by [values] as in
     * `insertInto(table, items, …)` (values only; every row sets the first row's columns); completes with the number
     * of rows stored. A value that does not fit fails the future and stores nothing. Needs a connection, pool or
     * transaction (not an executor made from another [SqlExecutor]).
     */
    public fun <E> copyIn(table: Table, items: Iterable<E>, values: BiConsumer<ValuesBuilder, E>): CompletableFuture<Long> =
        call { copySession().copyIn(table, items) { row, item -> values.accept(row, item) } }

    /**
     * Streams the rows of [query] through binary COPY (see the Kotlin `copyOut`), honouring the subscriber's
     * `request(n)`; each subscription runs the COPY anew. A row that decodes to null ends the stream with
     * [UnexpectedNullException], as in [stream].
     */
    public fun <R : Any> copyOut(query: Query<R?>): Flow.Publisher<R> =
        copySession().copyOut(query).map { it ?: throw UnexpectedNullException(NULL_ROW) }.asPublisher(context)

    private fun copySession(): PgSession =
        session ?: throw InvalidQueryException("COPY needs a connection, pool or transaction; this executor wraps $executor")

    override fun toString(): String = "Future$executor"

    private fun <T> call(block: suspend CoroutineScope.() -> T): CompletableFuture<T> = scope.call(context, block)

    /** Where Java code gets an executor. */
    public companion object {
        private const val NULL_ROW = "a streamed row decoded to null, which a Flow.Publisher cannot carry"

        /** Statements on [connection]. */
        @JvmStatic
        public fun of(connection: FuturePgConnection): FutureSqlExecutor = of(connection.connection, FacadeScope.of(connection))

        /** Statements on [pool], each on a connection it lends (inside `pool.transaction(…)` use [of] the transaction). */
        @JvmStatic
        public fun of(pool: FuturePgPool): FutureSqlExecutor = of(pool.pool, FacadeScope.of(pool))

        /** Statements inside [transaction], pipelined on its connection in the order they are issued. */
        @JvmStatic
        public fun of(transaction: FutureTransaction): FutureSqlExecutor = of(transaction.transaction, FacadeScope.of(transaction))

        /** Statements on any Kotlin connection, pool or transaction. */
        @JvmStatic
        public fun of(session: PgSession): FutureSqlExecutor = of(session, FacadeScope.onEventLoop)

        /** Statements on another [executor] (another engine, or a session with its own renderer). */
        @JvmStatic
        public fun of(executor: SqlExecutor): FutureSqlExecutor =
            FutureSqlExecutor(executor, EmptyCoroutineContext, null, FacadeScope.onEventLoop)

        private fun of(session: PgSession, scope: FacadeScope): FutureSqlExecutor =
            FutureSqlExecutor(session.asSqlExecutor(), callContextOf(session), session, scope)
    }
}
