package io.databridge.pg.replication

import io.databridge.pg.config.InvalidConfigException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * How a replication stream is started and kept. The pgoutput protocol version is the highest both sides have
 * (4 on PostgreSQL 16+, 3 on 15, 2 on 14, 1 before) unless [protocolVersion] caps it; each option below is asked for
 * only where that version has it.
 */
public data class ReplicationOptions(
    /** A cap on the pgoutput protocol version (1..4), or null for the highest the server has. */
    val protocolVersion: Int? = null,
    /**
     * Have the server stream large transactions while they are in progress (version 2+). They are still delivered
     * only once they commit, so they are held in memory whole until then. Off by default: the server then spills a
     * large transaction to its own disk and sends it after the commit, and it is delivered in parts of
     * [maxChangesPerDelivery] changes, so memory stays bounded however large it is.
     */
    val streaming: Boolean = false,
    /**
     * The most changes one [Delivery] carries: a transaction with more arrives as several [ChangeTransaction]s in a
     * row (all but the last with `complete` false), each taken and processed before the next is decoded.
     */
    val maxChangesPerDelivery: Int = 10_000,
    /** Decode prepared transactions at PREPARE time (version 3+); a [PreparedTransactionEnded] follows each. */
    val twoPhase: Boolean = false,
    /** Ask for values in binary format (PostgreSQL 14+); else text. Both are decoded by the same codecs. */
    val binary: Boolean = false,
    /** Deliver `pg_logical_emit_message` messages (PostgreSQL 14+). */
    val messages: Boolean = true,
    /** How often a standby status update reports the flushed position, whatever the collector does. */
    val statusInterval: Duration = 10.seconds,
    /** Bytes of received, not yet collected WAL above which reading from the server pauses. */
    val bufferBytes: Long = 4L shl 20,
    /** The delay before the first reconnection of [replicationStream]; it doubles per failed attempt. */
    val reconnectInitialDelay: Duration = 100.milliseconds,
    /** The longest delay between reconnection attempts. */
    val reconnectMaxDelay: Duration = 10.seconds,
    /** Failed connection attempts in a row after which [replicationStream] fails with the last error. */
    val maxReconnectAttempts: Int = 10,
) {
    init {
        if (protocolVersion != null && protocolVersion !in 1..4) {
            throw InvalidConfigException("protocolVersion", "protocolVersion must be 1 to 4, was $protocolVersion")
        }
        if (!statusInterval.isPositive()) throw InvalidConfigException("statusInterval", "statusInterval must be positive, was $statusInterval")
        if (maxChangesPerDelivery < 1) {
            throw InvalidConfigException("maxChangesPerDelivery", "maxChangesPerDelivery must be at least 1, was $maxChangesPerDelivery")
        }
        if (bufferBytes < 1024) throw InvalidConfigException("bufferBytes", "bufferBytes must be at least 1024, was $bufferBytes")
        if (maxReconnectAttempts < 1) throw InvalidConfigException("maxReconnectAttempts", "maxReconnectAttempts must be at least 1, was $maxReconnectAttempts")
        if (!reconnectInitialDelay.isPositive() || reconnectMaxDelay < reconnectInitialDelay) {
            throw InvalidConfigException("reconnectInitialDelay", "reconnect delays must be positive and initial ≤ max")
        }
    }

    /** The pgoutput protocol version to use with a server of major version [serverMajor]. */
    public fun protocolFor(serverMajor: Int): Int {
        val highest = when {
            serverMajor >= 16 -> 4
            serverMajor == 15 -> 3
            serverMajor == 14 -> 2
            else -> 1
        }
        return minOf(highest, protocolVersion ?: highest)
    }
}
