package io.databridge.pg

import io.databridge.pg.errors.TransactionFailedException
import io.databridge.pg.protocol.TransactionStatus
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext

/**
 * An open transaction on one connection, and the coroutine context element that carries it: inside a
 * `transaction { }` block, [PgPool.query] and friends find it in the context and run on its connection, across
 * suspensions, dispatcher switches and `withContext`. Coroutines launched in the block's scope inherit it and run
 * in the same transaction; their statements are pipelined on the one connection and run in the order they were
 * submitted. Once the block has committed or rolled back, every use fails with [TransactionClosedException].
 * Nested blocks ([transaction]) become savepoints; they must not run concurrently with each other.
 */
public class Transaction internal constructor(
    private val connection: PgConnection,
    internal val pool: PgPool?,
) : AbstractCoroutineContextElement(Key), PgSession {
    /** The key of the transaction element in a coroutine context. */
    public companion object Key : CoroutineContext.Key<Transaction>

    private val gate = Any()
    private var open = true
    private var inFlight = 0
    private var drained: CompletableDeferred<Unit>? = null
    private val savepoints = AtomicInteger()

    /** False once the block committed or rolled back. */
    public val isActive: Boolean get() = synchronized(gate) { open }

    /** Runs [sql] with [params] in this transaction and returns its rows. */
    override suspend fun query(sql: String, vararg params: Any?, timeout: Duration?): QueryResult =
        use { it.query(sql, *params, timeout = timeout) }

    /** Runs [sql] with [params] in this transaction and returns the number of rows it affected. */
    override suspend fun execute(sql: String, vararg params: Any?, timeout: Duration?): Long =
        use { it.execute(sql, *params, timeout = timeout) }

    /** Runs [sql] once per parameter set in this transaction, in one round trip; returns each row count. */
    override suspend fun executeBatch(sql: String, paramSets: List<List<Any?>>, timeout: Duration?): LongArray =
        use { it.executeBatch(sql, paramSets, timeout = timeout) }

    /** Streams the rows of [sql] in this transaction, [fetchSize] rows per round trip (see [PgConnection.stream]). */
    override fun stream(sql: String, vararg params: Any?, fetchSize: Int): Flow<Row> =
        flow { use { emitAll(it.stream(sql, *params, fetchSize = fetchSize)) } }

    /**
     * Runs [block] inside a savepoint of this transaction: released when the block succeeds, rolled back to when
     * it throws or is cancelled (the outer transaction goes on). A block that leaves the transaction failed (an
     * error it caught) is rolled back to the savepoint and ends with [TransactionFailedException].
     */
    public suspend fun <T> transaction(block: suspend CoroutineScope.(Transaction) -> T): T {
        val name = "databridge_sp_${savepoints.incrementAndGet()}"
        use { it.simpleQuery("SAVEPOINT $name") }
        val result = try {
            withContext(this) { block(this@Transaction) }
        } catch (failure: Throwable) {
            withContext(NonCancellable) { rollbackTo(name, failure) }
            throw failure
        }
        if (connection.transactionStatus == TransactionStatus.FAILED) {
            val failure = TransactionFailedException(
                "the savepoint block ended while its transaction was failed (an error was caught inside it); " +
                    "rolled back to the savepoint",
            )
            withContext(NonCancellable) { rollbackTo(name, failure) }
            throw failure
        }
        use { it.simpleQuery("RELEASE SAVEPOINT $name") }
        return result
    }

    /** Whether this transaction runs on [candidate]. */
    internal fun isOn(candidate: PgConnection): Boolean = connection === candidate

    override fun toString(): String = "Transaction($connection, active=$isActive)"

    /**
     * Runs [block] with this transaction's connection, for what only a connection offers (COPY): everything
     * [block] runs on it is part of this transaction. Fails like any statement once the transaction has ended.
     */
    public suspend fun <T> withConnection(block: suspend (PgConnection) -> T): T = use(block)

    /** Runs [action] on the connection, refusing once the transaction has ended; [end] waits for such actions. */
    internal suspend fun <T> use(action: suspend (PgConnection) -> T): T {
        synchronized(gate) {
            if (!open) {
                throw TransactionClosedException(
                    "this transaction has already committed or rolled back; the statement was not run " +
                        "(a coroutine outlived its transaction block?)",
                )
            }
            inFlight++
        }
        try {
            return action(connection)
        } finally {
            synchronized(gate) {
                inFlight--
                if (inFlight == 0) drained?.complete(Unit)
            }
        }
    }

    /** Refuses new statements and waits for those already admitted, so none can run after COMMIT or ROLLBACK. */
    internal suspend fun end() {
        val pending = synchronized(gate) {
            open = false
            if (inFlight == 0) null else CompletableDeferred<Unit>().also { drained = it }
        }
        pending?.await()
    }

    private suspend fun rollbackTo(name: String, failure: Throwable) {
        try {
            use { it.simpleQuery("ROLLBACK TO SAVEPOINT $name; RELEASE SAVEPOINT $name") }
        } catch (rollbackFailure: Exception) {
            failure.addSuppressed(rollbackFailure)
        }
    }
}
