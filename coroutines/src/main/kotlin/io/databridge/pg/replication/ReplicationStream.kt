package io.databridge.pg.replication

import io.databridge.pg.ConnectOptions
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.config.InvalidConfigException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.ObjectNotInPrerequisiteStateException
import io.databridge.pg.errors.PgServerException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlin.random.Random

/**
 * The changes of slot [slot] for [publications] as a cold flow of [Delivery]s, one per transaction in commit order,
 * each to be [Delivery.ack]ed once processed. Every collection opens its own replication connection and starts from the
 * slot's confirmed position (or from [startAfter], the end LSN of the last transaction the consumer stored itself, when
 * that is later); when the connection drops (network, server restart, `pg_terminate_backend`) it reconnects with
 * backoff and resumes after the last acknowledged position, even one whose report the dropped connection never
 * delivered, so events not acknowledged before the drop are delivered again: delivery is at least once, duplicates
 * only after the last acknowledgement. Deduplicate on `(commitLsn, ordinal)`. Errors the server reports for the stream itself (a missing slot or publication) fail the
 * flow at once, as do [ReplicationOptions.maxReconnectAttempts] failed connection attempts in a row; a slot still held
 * by the previous connection's walsender (SQLSTATE 55006, just after a drop) is retried like a failed connection.
 */
public fun replicationStream(
    config: ConnectionConfig,
    slot: String,
    vararg publications: String,
    options: ReplicationOptions = ReplicationOptions(),
    connectOptions: ConnectOptions = ConnectOptions(),
    startAfter: Lsn? = null,
): Flow<Delivery> {
    ReplicationNames.slot(slot)
    ReplicationNames.publications(publications.toList())
    return flow {
        val tracker = AckTracker(startAfter ?: Lsn.ZERO)
        var failures = 0
        while (true) {
            val connection = try {
                ReplicationConnection.connect(config, connectOptions)
            } catch (e: DataBridgeException) {
                if (e is PgServerException || e is InvalidConfigException || ++failures >= options.maxReconnectAttempts) throw e
                delay(backoff(options, failures))
                continue
            }
            try {
                failures = 0
                connection.stream(slot, publications.toList(), options, tracker).collect { emit(it) }
                return@flow
            } catch (e: ConnectionClosedException) {
                if (++failures >= options.maxReconnectAttempts) throw e
            } catch (e: ObjectNotInPrerequisiteStateException) {
                // 55006: the walsender of the previous connection has not exited yet and still holds the slot.
                if (e.sqlState.code != SLOT_IN_USE || ++failures >= options.maxReconnectAttempts) throw e
            } finally {
                tracker.reset()
                connection.close()
            }
            delay(backoff(options, failures))
        }
    }
}

/** [replicationStream] with a `postgresql://` URI or libpq `key=value` string. */
public fun replicationStream(
    connectionString: String,
    slot: String,
    vararg publications: String,
    options: ReplicationOptions = ReplicationOptions(),
    startAfter: Lsn? = null,
): Flow<Delivery> = replicationStream(ConnectionConfig.parse(connectionString), slot, *publications, options = options, startAfter = startAfter)

private fun backoff(options: ReplicationOptions, attempt: Int): kotlin.time.Duration {
    val ceiling = (options.reconnectInitialDelay * (1L shl attempt.coerceIn(0, 30)).toDouble()).coerceAtMost(options.reconnectMaxDelay)
    return ceiling / 2 + ceiling / 2 * Random.nextDouble()
}

/** SQLSTATE object_in_use: the slot is active for another process. */
private const val SLOT_IN_USE = "55006"
