package io.databridge.pg.routing

import io.databridge.pg.PgPool
import io.databridge.pg.ReplicaState
import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.pool.PoolCreationException
import io.databridge.pg.transport.ConnectFailedException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.withTimeout

/**
 * One replica of a routing pool: its own pool and what its checks found. State is written by checks and failed calls.
 * With [standbyOnly] (its connection string says `target_session_attrs=standby`) a server found out of recovery (a
 * promoted replica, whose open connections survive the promotion) gets no reads.
 */
internal class ReplicaTarget(val address: String, val pool: PgPool, private val maxLag: Duration?, private val standbyOnly: Boolean = false) {
    @Volatile
    private var up: Boolean = false

    @Volatile
    private var lag: Duration? = null

    /** Whether reads may go here now. */
    val isEligible: Boolean get() = up && (maxLag == null || (lag ?: Duration.INFINITE) <= maxLag)

    /** Asks the replica for its state within [timeout]; any failure marks it down. */
    suspend fun check(timeout: Duration) {
        try {
            val row = withTimeout(timeout) { pool.query(LAG_QUERY, timeout = timeout) }.rows.single()
            lag = (row.getDouble(0) * 1000).toLong().coerceAtLeast(0).milliseconds
            up = !standbyOnly || row.getBoolean(1)
        } catch (timedOut: TimeoutCancellationException) {
            up = false
        } catch (cancelled: CancellationException) {
            throw cancelled
        } catch (e: Exception) {
            up = false
        }
    }

    /** A call here failed with [failure]; a lost or unreachable server is taken out until its next check. */
    fun failed(failure: Throwable) {
        if (isUnreachable(failure)) up = false
    }

    fun state(): ReplicaState = ReplicaState(address, up, lag, isEligible)

    override fun toString(): String = "replica $address (${if (up) "up, lag $lag" else "down"})"

    companion object {
        // Replay lag as libpq-era tools estimate it: nothing received and not replayed means caught up (also when the
        // primary is idle or gone); a promoted server is not behind anything.
        private const val LAG_QUERY =
            "SELECT CASE WHEN NOT pg_catalog.pg_is_in_recovery() " +
                "OR pg_catalog.pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_catalog.pg_last_wal_replay_lsn() THEN 0 " +
                "ELSE coalesce(extract(epoch FROM now() - pg_catalog.pg_last_xact_replay_timestamp()), 0) END::float8, " +
                "pg_catalog.pg_is_in_recovery()"

        /** Whether [failure] says the server cannot be reached (as opposed to an error of the statement itself). */
        fun isUnreachable(failure: Throwable): Boolean =
            failure is ConnectionClosedException || failure is PoolCreationException || failure is ConnectTimeoutException ||
                failure is ConnectFailedException
    }
}
