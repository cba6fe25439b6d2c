package io.databridge.pg.pool

import io.databridge.pg.PgConnection
import io.databridge.pg.pool.PooledResource
import io.databridge.pg.protocol.TransactionStatus
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.withTimeoutOrNull

/** A [PgConnection] as a [io.databridge.pg.pool.ResourcePool] resource: checked with `SELECT 1`, reset by ROLLBACK. */
internal class PooledConnection(
    val connection: PgConnection,
    private val validationTimeout: Duration,
    private val resetTimeout: Duration,
) : PooledResource {
    override val isBroken: Boolean get() = !connection.isOpen

    override val isBusyWithAbandonedWork: Boolean get() = connection.hasAbandonedRequests

    override suspend fun validate(): Boolean =
        connection.query("SELECT 1", timeout = validationTimeout).rows.size == 1

    override suspend fun reset(): Boolean {
        // A given-up request still unanswered would hold the next borrower's queries: give its cancel a moment, then
        // let the pool discard the connection rather than lend it on.
        // Checked first: the timeout would schedule a timer on another thread for every return of a connection.
        if (connection.hasAbandonedRequests && withTimeoutOrNull(CANCEL_SETTLE) { connection.awaitCancelledRequests() } == null) return false
        if (connection.transactionStatus != TransactionStatus.IDLE) {
            connection.simpleQuery("ROLLBACK", timeout = resetTimeout)
        }
        return connection.isOpen && connection.transactionStatus == TransactionStatus.IDLE
    }

    override suspend fun close() {
        connection.close()
    }

    override fun toString(): String = connection.toString()

    private companion object {
        /** How long a returned connection's cancelled request may take to end before the connection is discarded. */
        val CANCEL_SETTLE: Duration = 1.seconds
    }
}
