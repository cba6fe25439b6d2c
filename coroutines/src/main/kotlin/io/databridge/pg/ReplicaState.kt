package io.databridge.pg

import kotlin.time.Duration

/** What a [PgRoutingPool] last learned about one replica. */
public data class ReplicaState(
    /** The replica's hosts and ports as configured, e.g. `localhost:5433`. */
    val address: String,
    /** Whether its last check (or call) reached it. */
    val isUp: Boolean,
    /** Its replay lag at the last check; zero when it is not in recovery (promoted) or has replayed all it received. */
    val lag: Duration?,
    /** Whether it currently gets reads: up and within [PgRoutingPoolOptions.maxReplicaLag]. */
    val isEligible: Boolean,
)
