package io.databridge.embedded.ha

/**
 * One member as Patroni's `GET /cluster` reports it. [role] and [state] are Patroni's words: roles `leader`,
 * `replica`, `sync_standby`; states such as `running`, `streaming`, `stopped`, `starting`, `creating replica`.
 */
public data class ClusterMember(
    /** The member's name (`node1`, `node2`, …). */
    val name: String,
    /** Patroni's role for it. */
    val role: String,
    /** Patroni's state for it. */
    val state: String,
    /** The PostgreSQL host. */
    val host: String,
    /** The PostgreSQL port. */
    val port: Int,
    /** The timeline it is on, when Patroni knows it. */
    val timeline: Long?,
    /** How many bytes of WAL a replica is behind the leader, when Patroni reports it. */
    val lagBytes: Long?,
) {
    /** Whether this member holds the leader lock. */
    val isLeader: Boolean get() = role == "leader"

    /** Whether this member is the synchronous standby (with synchronous mode on). */
    val isSyncStandby: Boolean get() = role == "sync_standby"

    /** Whether its PostgreSQL is up (Patroni 3.0 says `running` for replicas too, later versions `streaming`). */
    val isRunning: Boolean get() = state == "running" || state == "streaming"
}

/** The cluster as Patroni's REST API saw it at one moment. */
public data class ClusterView(
    /** Every member registered in the DCS. */
    val members: List<ClusterMember>,
) {
    /** The member holding the leader lock, or null while there is none. */
    val leader: ClusterMember? get() = members.firstOrNull { it.isLeader }

    /** Every member that is not the leader. */
    val replicas: List<ClusterMember> get() = members.filter { !it.isLeader }

    /** The member named [name], or null. */
    public fun member(name: String): ClusterMember? = members.firstOrNull { it.name == name }

    override fun toString(): String =
        members.joinToString(prefix = "ClusterView(", postfix = ")") { "${it.name}:${it.role}/${it.state}@${it.port}" + (it.lagBytes?.let { lag -> " lag=$lag" } ?: "") }
}

/** What [PatroniCluster.switchover] and [PatroniCluster.failover] did: who led before and after, and how long it took. */
public data class LeaderChange(
    /** The leader before. */
    val from: String,
    /** The leader after. */
    val to: String,
    /** From the request (or the kill) until the new leader was seen running. */
    val elapsed: java.time.Duration,
)
