package io.databridge.pg.transaction

import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.QueryTimeoutException
import io.databridge.pg.RetryPolicy
import io.databridge.pg.Transaction
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.observe.observeTransaction
import io.databridge.pg.pipeline.commitOutcomeUnknown
import io.databridge.pg.pipeline.commitRefused
import io.databridge.pg.protocol.TransactionStatus
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext

/** Runs outermost transaction blocks: BEGIN, the block with its [Transaction] in context, COMMIT or ROLLBACK, retries. */
internal object TransactionRunner {
    private val ROLLBACK_TIMEOUT = 10.seconds

    suspend fun <T> run(
        connection: PgConnection,
        pool: PgPool?,
        settings: TransactionSettings,
        block: suspend CoroutineScope.(Transaction) -> T,
    ): T {
        var attempt = 1
        while (true) {
            try {
                return connection.instruments.observeTransaction({ settings.beginSql() }) { runOnce(connection, pool, settings, block) }
            } catch (failure: Exception) {
                val policy = settings.retry
                if (policy == null || attempt >= policy.maxAttempts || !RetryPolicy.isRetryable(failure) || !connection.isOpen) {
                    throw failure
                }
                delay(policy.backoff(attempt))
                attempt++
            }
        }
    }

    private suspend fun <T> runOnce(
        connection: PgConnection,
        pool: PgPool?,
        settings: TransactionSettings,
        block: suspend CoroutineScope.(Transaction) -> T,
    ): T {
        try {
            connection.runScript(settings.beginSql(), null, PgOperationKind.BEGIN)
        } catch (cancelled: CancellationException) {
            // The BEGIN may have reached the server anyway; the ROLLBACK is queued behind it on the pipeline.
            withContext(NonCancellable) { rollback(connection, cancelled) }
            throw cancelled
        }
        val tx = Transaction(connection, pool)
        val result = try {
            withContext(tx) { block(tx) }
        } catch (failure: Throwable) {
            // Statements already admitted (from coroutines that escaped the block) finish first, inside the
            // transaction; they are bounded by their query timeouts.
            withContext(NonCancellable) {
                tx.end()
                rollback(connection, failure)
            }
            throw failure
        }
        // COMMIT is not cancellable: a cancelled COMMIT would leave the outcome unknown to the caller. A connection
        // lost once it was sent, or a query timeout, leaves it unknown all the same: CommitOutcomeUnknownException.
        withContext(NonCancellable) {
            tx.end()
            if (connection.transactionStatus == TransactionStatus.FAILED) {
                val failure = commitRefused("an error was caught inside the block")
                rollback(connection, failure)
                throw failure
            }
            try {
                connection.runScript("COMMIT", null, PgOperationKind.COMMIT)
            } catch (timedOut: QueryTimeoutException) {
                throw commitOutcomeUnknown(timedOut)
            }
        }
        return result
    }

    /** Rolls back; when that fails the connection is closed, so no pool hands out its unknown state again. */
    private suspend fun rollback(connection: PgConnection, failure: Throwable) {
        try {
            connection.runScript("ROLLBACK", ROLLBACK_TIMEOUT, PgOperationKind.ROLLBACK)
        } catch (rollbackFailure: Exception) {
            failure.addSuppressed(rollbackFailure)
            connection.close()
        }
    }
}
