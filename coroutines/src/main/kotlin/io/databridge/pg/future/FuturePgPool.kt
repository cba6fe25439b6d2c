package io.databridge.pg.future

import io.databridge.pg.IsolationLevel
import io.databridge.pg.PgPool
import io.databridge.pg.QueryResult
import io.databridge.pg.Row
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import java.util.function.Function
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.jdk9.asPublisher

/**
 * A [PgPool] for Java: statements return [CompletableFuture]s, streams are [Flow.Publisher]s, and [transaction]
 * takes a function returning a future, committing when that future completes normally and rolling back when it
 * completes exceptionally. Cancelling a returned future cancels the statement (or rolls the transaction back).
 * Futures complete on a connection's event loop unless [DataBridge] was given an executor: callbacks chained with the
 * non-`Async` methods then run on that loop and must not block; so does the function given to [transaction].
 */
public class FuturePgPool internal constructor(
    /** The underlying Kotlin pool, for code that mixes both APIs. */
    public val pool: PgPool,
    internal val scope: FacadeScope,
) : AutoCloseable {
    /** Runs [sql] with [params] on a shared connection and completes with its rows. */
    public fun query(sql: String, vararg params: Any?): CompletableFuture<QueryResult> =
        scope.call { pool.query(sql, *params) }

    /** Like [query], failing with `QueryTimeoutException` (after cancelling the statement) when [timeout] passes. */
    public fun query(timeout: Duration, sql: String, vararg params: Any?): CompletableFuture<QueryResult> =
        scope.call { pool.query(sql, *params, timeout = timeout.toKotlinDuration()) }

    /**
     * Runs [sql] with [params] on a connection borrowed for the call and returns its rows, blocking the calling thread,
     * which does the I/O itself (see [PgPool.queryBlocking]). Server errors are thrown as their typed exceptions.
     */
    public fun queryBlocking(sql: String, vararg params: Any?): QueryResult = pool.queryBlocking(sql, *params)

    /** Like [queryBlocking], failing with `QueryTimeoutException` (after cancelling the statement) when [timeout] passes. */
    public fun queryBlocking(timeout: Duration, sql: String, vararg params: Any?): QueryResult =
        pool.queryBlocking(sql, *params, timeout = timeout.toKotlinDuration())

    /** Runs [sql] with [params] like [queryBlocking] and returns the number of rows it affected. */
    public fun executeBlocking(sql: String, vararg params: Any?): Long = pool.executeBlocking(sql, *params)

    /** Like [executeBlocking], with a [timeout]. */
    public fun executeBlocking(timeout: Duration, sql: String, vararg params: Any?): Long =
        pool.executeBlocking(sql, *params, timeout = timeout.toKotlinDuration())

    /** Runs [sql] with [params] on a shared connection and completes with the number of rows it affected. */
    public fun execute(sql: String, vararg params: Any?): CompletableFuture<Long> =
        scope.call { pool.execute(sql, *params) }

    /** Like [execute], with a [timeout]. */
    public fun execute(timeout: Duration, sql: String, vararg params: Any?): CompletableFuture<Long> =
        scope.call { pool.execute(sql, *params, timeout = timeout.toKotlinDuration()) }

    /** Runs [sql] once per parameter set in one round trip (all or nothing); completes with each row count. */
    public fun executeBatch(sql: String, paramSets: List<List<Any?>>): CompletableFuture<LongArray> =
        scope.call { pool.executeBatch(sql, paramSets) }

    /** Streams the rows of [sql] on a borrowed connection (returned when the stream ends), honouring `request(n)`. */
    public fun stream(sql: String, fetchSize: Int, vararg params: Any?): Flow.Publisher<Row> =
        pool.stream(sql, *params, fetchSize = fetchSize).asPublisher()

    /**
     * Runs [block] in a transaction on a borrowed connection: BEGIN, then [block] with the transaction; COMMIT when
     * the future it returns completes normally, ROLLBACK when it completes exceptionally (or [block] throws), and
     * the returned future completes like [block]'s.
     */
    public fun <T> transaction(block: Function<FutureTransaction, CompletableFuture<T>>): CompletableFuture<T> =
        transaction(null, block)

    /** Like [transaction], beginning with [isolation] (`null`: the server's default). */
    public fun <T> transaction(
        isolation: IsolationLevel?,
        block: Function<FutureTransaction, CompletableFuture<T>>,
    ): CompletableFuture<T> = scope.call {
        pool.transaction(isolation = isolation) { tx -> FutureTransaction.run(tx, scope, block) }
    }

    /**
     * Closes gracefully: stops handing out connections, waits for borrowed ones (up to the pool's close timeout) and
     * closes them all; the returned future completes when that is done (see [PgPool.closeGracefully]).
     */
    public fun closeGracefully(): CompletableFuture<Void?> = scope.closeGracefully { pool.closeGracefully() }

    /** Closes at once, never blocking: borrowed connections are closed too (see [PgPool.close]). */
    override fun close() {
        pool.close()
        scope.cancelRunning()
    }

    override fun toString(): String = "Future$pool"
}
