package io.databridge.pg.future

import io.databridge.pg.QueryResult
import io.databridge.pg.Row
import io.databridge.pg.Transaction
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import java.util.function.Function
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.future.await
import kotlinx.coroutines.jdk9.asPublisher

/**
 * An open transaction for Java, handed to the function given to [FuturePgPool.transaction]. Statements may be
 * chained or issued together (they are pipelined in submission order); the transaction ends only after every
 * statement already issued has finished. Once it has committed or rolled back, calls fail with
 * `TransactionClosedException`.
 */
public class FutureTransaction private constructor(
    /** The underlying Kotlin transaction. */
    public val transaction: Transaction,
    internal val scope: FacadeScope,
) {
    /** False once the transaction committed or rolled back. */
    public val isActive: Boolean get() = transaction.isActive

    /** Runs [sql] with [params] in this transaction and completes with its rows. */
    public fun query(sql: String, vararg params: Any?): CompletableFuture<QueryResult> =
        scope.call(transaction) { transaction.query(sql, *params) }

    /** Like [query], with a [timeout]. */
    public fun query(timeout: Duration, sql: String, vararg params: Any?): CompletableFuture<QueryResult> =
        scope.call(transaction) { transaction.query(sql, *params, timeout = timeout.toKotlinDuration()) }

    /** Runs [sql] with [params] in this transaction and completes with the number of rows it affected. */
    public fun execute(sql: String, vararg params: Any?): CompletableFuture<Long> =
        scope.call(transaction) { transaction.execute(sql, *params) }

    /** Like [execute], with a [timeout]. */
    public fun execute(timeout: Duration, sql: String, vararg params: Any?): CompletableFuture<Long> =
        scope.call(transaction) { transaction.execute(sql, *params, timeout = timeout.toKotlinDuration()) }

    /** Runs [sql] once per parameter set in this transaction, in one round trip; completes with each row count. */
    public fun executeBatch(sql: String, paramSets: List<List<Any?>>): CompletableFuture<LongArray> =
        scope.call(transaction) { transaction.executeBatch(sql, paramSets) }

    /** Streams the rows of [sql] in this transaction, honouring `request(n)`. */
    public fun stream(sql: String, fetchSize: Int, vararg params: Any?): Flow.Publisher<Row> =
        transaction.stream(sql, *params, fetchSize = fetchSize).asPublisher()

    /**
     * Runs [block] inside a savepoint: released when its future completes normally, rolled back to when it
     * completes exceptionally (the outer transaction goes on; the returned future fails the same way).
     */
    public fun <T> savepoint(block: Function<FutureTransaction, CompletableFuture<T>>): CompletableFuture<T> =
        scope.call(transaction) { transaction.transaction { run(transaction, scope, block) } }

    override fun toString(): String = "Future$transaction"

    internal companion object {
        /** Runs a Java transaction [block] and waits for its future: normal completion commits, failure rolls back. */
        suspend fun <T> run(
            transaction: Transaction,
            scope: FacadeScope,
            block: Function<FutureTransaction, CompletableFuture<T>>,
        ): T {
            val result = block.apply(FutureTransaction(transaction, scope))
                ?: throw IllegalStateException("the transaction function returned null instead of a CompletableFuture")
            return result.await()
        }
    }
}
