package io.databridge.pg

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Engine-level choices for [PgPool.create] that are not connection-string settings (sizes and timeouts come from
 * the `pool_*` settings of the [io.databridge.pg.config.ConnectionConfig]).
 */
public data class PgPoolOptions(
    /** Shown in log lines and exception messages. */
    val name: String = "data-bridge",
    /** How each pooled connection is opened (transport, event loops, type registry). */
    val connect: ConnectOptions = ConnectOptions(),
    /** How many shared statements ([PgPool.query], [PgPool.execute]) one connection pipelines at once. */
    val maxSharedInFlight: Int = 16,
    /** A connection idle at least this long is checked with a round trip before it is handed out. */
    val validateAfterIdle: Duration = 5.seconds,
    /** How long that check may take before the connection is discarded. */
    val validationTimeout: Duration = 5.seconds,
    /** How long a ROLLBACK of a connection returned inside a transaction may take before it is discarded. */
    val resetTimeout: Duration = 5.seconds,
    /** A connection borrowed exclusively for longer than this is reported once as a possible leak. */
    val leakThreshold: Duration = Duration.INFINITE,
    /** How long [PgPool.close] waits for borrowed connections before closing them anyway. */
    val closeTimeout: Duration = 30.seconds,
)
