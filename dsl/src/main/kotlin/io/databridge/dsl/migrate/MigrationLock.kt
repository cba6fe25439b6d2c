package io.databridge.dsl.migrate

import io.databridge.pg.PgConnection
import java.nio.ByteBuffer
import java.security.MessageDigest
import kotlin.time.Duration
import kotlin.time.TimeSource
import kotlinx.coroutines.delay

/**
 * The session-level advisory lock that serializes runners on one history table. It is held on the runner's own
 * connection (never a pooled one, where a session lock would stay with whoever gets the connection next), and
 * waiters poll `pg_try_advisory_lock` outside any transaction instead of blocking in `pg_advisory_lock`: a blocked
 * waiter holds a snapshot that `CREATE INDEX CONCURRENTLY` in the holder's migration would wait for forever
 * (flyway#1654, #3497).
 */
internal class MigrationLock(private val key: Long) {
    suspend fun acquire(connection: PgConnection, timeout: Duration, retryInterval: Duration) {
        val started = TimeSource.Monotonic.markNow()
        while (!tryLock(connection)) {
            if (started.elapsedNow() >= timeout) {
                throw MigrationLockException("another runner held the migration lock (key $key) for longer than $timeout")
            }
            delay(retryInterval)
        }
    }

    suspend fun release(connection: PgConnection) {
        connection.query("SELECT pg_catalog.pg_advisory_unlock($1)", key)
    }

    private suspend fun tryLock(connection: PgConnection): Boolean =
        connection.query("SELECT pg_catalog.pg_try_advisory_lock($1)", key).rows.single().getBoolean(0)

    companion object {
        /** The lock key of the history table [historyName] (`schema.table`): the first 8 bytes of its SHA-256. */
        fun keyFor(historyName: String): Long =
            ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest("databridge-migrate:$historyName".toByteArray())).long
    }
}
