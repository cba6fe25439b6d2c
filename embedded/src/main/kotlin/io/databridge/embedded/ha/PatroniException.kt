package io.databridge.embedded.ha

/**
 * Raised when a [PatroniCluster] cannot be started, driven or stopped, or a wait on it runs out; [logTail] holds the
 * end of the logs of the members involved (empty when there were none) and is part of [message].
 */
public open class PatroniException(
    reason: String,
    /** The last lines of the members' logs (Patroni and PostgreSQL) at the time of the failure. */
    public val logTail: String = "",
    cause: Throwable? = null,
) : RuntimeException(if (logTail.isBlank()) reason else "$reason\n--- member logs (tail) ---\n$logTail", cause)

/** Raised when an executable the cluster needs (Patroni, etcd, a PostgreSQL tool) is not installed. */
public class HaToolMissingException(
    /** What was looked for. */
    public val tool: String,
    /** The places searched. */
    public val searched: List<String>,
) : PatroniException(
    "$tool is missing (looked in ${searched.joinToString(":")}); install it, e.g. apt-get install -y patroni etcd-server postgresql, " +
        "or name it on PatroniClusterBuilder",
)
