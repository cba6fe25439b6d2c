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
 * by the previous connection's walsender (SQLSTATE 55006, just after a drop) and a server still starting up or shutting
 * down (57P03, as during a failover) are retried like a failed connection. A slot missing on the server a reconnection
 * reached (a new primary after a failover, before PostgreSQL 17's failover slots) fails the flow with
 * [ReplicationSlotMissingException].
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
        var connected = false
        while (true) {
            val connection = try {
                ReplicationConnection.connect(config, connectOptions)
            } catch (e: DataBridgeException) {
                val retryable = e !is InvalidConfigException && (e !is PgServerException || e.sqlState.code == CANNOT_CONNECT_NOW)
                if (!retryable || ++failures >= options.maxReconnectAttempts) throw e
                delay(backoff(options, failures))
                continue
            }
            val reconnected = connected
            connected = true
            try {
                failures = 0
                connection.stream(slot, publications.toList(), options, tracker).collect { emit(it) }
                return@flow
            } catch (e: ConnectionClosedException) {
                if (++failures >= options.maxReconnectAttempts) throw e
            } catch (e: ObjectNotInPrerequisiteStateException) {
                // 55006: the walsender of the previous connection has not exited yet and still holds the slot.
                if (e.sqlState.code != SLOT_IN_USE || ++failures >= options.maxReconnectAttempts) throw e
            } catch (e: PgServerException) {
                if (reconnected && e.sqlState.code == UNDEFINED_OBJECT && e.primaryMessage.startsWith("replication slot")) {
                    throw ReplicationSlotMissingException(slot, connection.connection.driver.transport.peer, e)
                }
                throw e
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

/** SQLSTATE cannot_connect_now: the server is starting up, shutting down or in crash recovery. */
private const val CANNOT_CONNECT_NOW = "57P03"

/** SQLSTATE undefined_object: here, the slot named in START_REPLICATION does not exist. */
private const val UNDEFINED_OBJECT = "42704"

/** SQLSTATE object_in_use: the slot is active for another process. */
private const val SLOT_IN_USE = "55006"
