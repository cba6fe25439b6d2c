package io.databridge.pg

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/** How a [PgRoutingPool] routes reads and watches its replicas. */
public data class PgRoutingPoolOptions(
    /** The options of the primary's pool. */
    val primary: PgPoolOptions = PgPoolOptions(name = "data-bridge-primary"),
    /** The options of each replica's pool. */
    val replica: PgPoolOptions = PgPoolOptions(name = "data-bridge-replica"),
    /**
     * Whether reads go to the primary while no replica is up (or within [maxReplicaLag]); without it they fail with
     * [NoReplicaAvailableException].
     */
    val fallbackToPrimary: Boolean = true,
    /** A replica replaying further behind the primary than this gets no reads; null: any lag is accepted. */
    val maxReplicaLag: Duration? = null,
    /** How often each replica is checked (reachable, in recovery or not, replay lag); a down replica is retried then. */
    val checkInterval: Duration = 1.seconds,
    /** How long a check may take before the replica counts as down. */
    val checkTimeout: Duration = 2.seconds,
) {
    init {
        require(checkInterval.isPositive()) { "checkInterval must be positive" }
        require(checkTimeout.isPositive()) { "checkTimeout must be positive" }
        require(maxReplicaLag == null || !maxReplicaLag.isNegative()) { "maxReplicaLag must not be negative" }
    }
}
