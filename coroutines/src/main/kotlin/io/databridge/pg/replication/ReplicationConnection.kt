package io.databridge.pg.replication

import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.errors.DataBridgeException
import kotlinx.coroutines.flow.Flow

/**
 * A logical replication connection (`replication=database`): slot administration and one stream at a time.
 * Replication commands take no parameters, so slot and publication names are validated before they are sent.
 * The SQL of the walsender is simple-query only: use a normal [PgConnection] or pool for anything else.
 */
public class ReplicationConnection private constructor(
    /** The underlying connection (its simple queries work; extended-protocol calls are refused by the server). */
    public val connection: PgConnection,
) : AutoCloseable {
    /** The server's major version. */
    public val serverMajor: Int get() = connection.serverVersion.major

    /** Runs IDENTIFY_SYSTEM. */
    public suspend fun identifySystem(): SystemIdentity {
        val row = connection.simpleQuery("IDENTIFY_SYSTEM").single().rows.single()
        return SystemIdentity(
            row.getObject("systemid").toString(),
            row.getObject("timeline").toString().toInt(),
            Lsn.parse(row.getObject("xlogpos").toString()),
            row.getObject("dbname")?.toString(),
        )
    }

    /**
     * Creates a logical slot [name] for pgoutput. A [temporary] slot disappears with this connection. [twoPhase]
     * (PostgreSQL 15+) decodes prepared transactions at PREPARE; [failover] (17+) syncs the slot to standbys.
     */
    public suspend fun createSlot(name: String, temporary: Boolean = false, twoPhase: Boolean = false, failover: Boolean = false): CreatedSlot {
        ReplicationNames.slot(name)
        if (twoPhase && serverMajor < 15) throw ReplicationUnsupportedException("two-phase slots need PostgreSQL 15 or later (server is $serverMajor)")
        if (failover && serverMajor < 17) throw ReplicationUnsupportedException("failover slots need PostgreSQL 17 or later (server is $serverMajor)")
        val command = buildString {
            append("CREATE_REPLICATION_SLOT ").append(name)
            if (temporary) append(" TEMPORARY")
            append(" LOGICAL pgoutput")
            if (serverMajor >= 15) {
                append(" (SNAPSHOT 'nothing'")
                if (twoPhase) append(", TWO_PHASE true")
                if (failover) append(", FAILOVER true")
                append(')')
            } else {
                append(" NOEXPORT_SNAPSHOT")
            }
        }
        val row = connection.simpleQuery(command).single().rows.single()
        return CreatedSlot(
            row.getObject("slot_name").toString(),
            Lsn.parse(row.getObject("consistent_point").toString()),
            row.getObject("output_plugin")?.toString(),
        )
    }

    /** Drops slot [name]; with [wait] it waits for a stream still using it to end instead of failing. */
    public suspend fun dropSlot(name: String, wait: Boolean = false) {
        ReplicationNames.slot(name)
        connection.simpleQuery("DROP_REPLICATION_SLOT $name" + if (wait) " WAIT" else "")
    }

    /**
     * Streams slot [slot]'s changes for [publications], from the slot's confirmed position, as [Delivery]s grouped by
     * transaction in commit order; with [startAfter] (the end LSN of the last transaction the consumer stored itself),
     * transactions that committed before it are skipped even when the slot's confirmed position is behind it. The
     * connection serves only this stream while it is collected; stopping the
     * collection reports the acknowledged position and ends the stream. Start a further stream on a new connection
     * (a second START_REPLICATION on the same one is not supported yet). A dropped connection fails the flow (see
     * [replicationStream] for reconnecting).
     */
    public fun stream(
        slot: String,
        publications: List<String>,
        options: ReplicationOptions = ReplicationOptions(),
        startAfter: Lsn? = null,
    ): Flow<Delivery> {
        val tracker = AckTracker(startAfter ?: Lsn.ZERO)
        return ReplicationSession(connection, startCommand(slot, publications, options, tracker.flushed), options, tracker).deliveries()
    }

    internal fun stream(slot: String, publications: List<String>, options: ReplicationOptions, tracker: AckTracker): Flow<Delivery> =
        ReplicationSession(connection, startCommand(slot, publications, options, tracker.flushed), options, tracker).deliveries()

    /**
     * The START_REPLICATION command with the options the server's pgoutput version has, from [start]: the server
     * skips transactions that committed before it, and starts from the slot's confirmed position when that is later.
     */
    internal fun startCommand(slot: String, publications: List<String>, options: ReplicationOptions, start: Lsn = Lsn.ZERO): String {
        ReplicationNames.slot(slot)
        val names = ReplicationNames.publications(publications)
        val version = options.protocolFor(serverMajor)
        val pluginOptions = buildList {
            add("proto_version '$version'")
            add("publication_names $names")
            if (options.streaming && version >= 2) add("streaming 'on'")
            if (options.twoPhase) {
                if (version < 3) throw ReplicationUnsupportedException("two-phase decoding needs pgoutput protocol 3 (PostgreSQL 15+); using $version")
                add("two_phase 'on'")
            }
            if (options.binary && serverMajor >= 14) add("binary 'true'")
            if (options.messages && serverMajor >= 14) add("messages 'true'")
        }
        return "START_REPLICATION SLOT $slot LOGICAL $start (${pluginOptions.joinToString(", ")})"
    }

    /** Closes the connection at once, a running stream too (a temporary slot is dropped by the server). */
    override fun close(): Unit = connection.close()

    /**
     * Closes gracefully: commands already sent are answered first (a running stream holds the connection until it
     * ends), then the session ends; returns once it has. See [PgConnection.closeGracefully].
     */
    public suspend fun closeGracefully(): Unit = connection.closeGracefully()

    override fun toString(): String = "ReplicationConnection($connection)"

    /** Opening replication connections. */
    public companion object {
        /** Connects with [config] as a logical replication connection (`replication=database` is added). */
        public suspend fun connect(config: ConnectionConfig, options: ConnectOptions = ConnectOptions()): ReplicationConnection {
            val replicationConfig = if (config.isLogicalReplication) config else config.copy { set("replication", "database") }
            val connection = PgConnection.connect(replicationConfig, options)
            if (connection.serverVersion.major < 10) {
                connection.close()
                throw DataBridgeException("logical replication needs PostgreSQL 10 or later (server is ${connection.serverVersion.text})")
            }
            return ReplicationConnection(connection)
        }

        /** Connects with a `postgresql://` URI or libpq `key=value` string. */
        public suspend fun connect(connectionString: String, options: ConnectOptions = ConnectOptions()): ReplicationConnection =
            connect(ConnectionConfig.parse(connectionString), options)
    }
}
