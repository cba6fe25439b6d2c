package io.databridge.pg

import io.databridge.pg.pool.PooledResource
import io.databridge.pg.protocol.TransactionStatus
import kotlin.time.Duration

/** A [PgConnection] as a [io.databridge.pg.pool.ResourcePool] resource: checked with `SELECT 1`, reset by ROLLBACK. */
internal class PooledConnection(
    val connection: PgConnection,
    private val validationTimeout: Duration,
    private val resetTimeout: Duration,
) : PooledResource {
    override val isBroken: Boolean get() = !connection.isOpen

    override suspend fun validate(): Boolean =
        connection.query("SELECT 1", timeout = validationTimeout).rows.size == 1

    override suspend fun reset(): Boolean {
        // A timed-out request still in flight would hold the next borrower's queries; it ends or the connection closes.
        connection.awaitCancelledRequests()
        if (connection.transactionStatus != TransactionStatus.IDLE) {
            connection.simpleQuery("ROLLBACK", timeout = resetTimeout)
        }
        return connection.isOpen && connection.transactionStatus == TransactionStatus.IDLE
    }

    override suspend fun close() {
        connection.close()
    }

    override fun toString(): String = connection.toString()
}
