package io.databridge.pg

import io.databridge.pg.transaction.TransactionRunner
import io.databridge.pg.transaction.TransactionSettings
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.currentCoroutineContext

/**
 * Runs [block] in a transaction on this connection (BEGIN with [isolation], [readOnly], [deferrable]; COMMIT when it
 * returns; ROLLBACK when it throws or is cancelled). Inside another transaction block on this connection it becomes
 * a savepoint instead. [retry] re-runs the whole block after serialization failures and deadlocks.
 * A block that leaves the transaction failed is rolled back and ends with
 * [io.databridge.pg.errors.TransactionFailedException].
 */
public suspend fun <T> PgConnection.transaction(
    isolation: IsolationLevel? = null,
    readOnly: Boolean = false,
    deferrable: Boolean = false,
    retry: RetryPolicy? = null,
    block: suspend CoroutineScope.(Transaction) -> T,
): T {
    val current = currentCoroutineContext()[Transaction]
    if (current != null && current.isOn(this)) return current.transaction(block)
    return TransactionRunner.run(this, null, TransactionSettings(isolation, readOnly, deferrable, retry), block)
}
