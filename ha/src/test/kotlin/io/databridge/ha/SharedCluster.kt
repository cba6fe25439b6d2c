package io.databridge.ha

import io.databridge.embedded.ha.PatroniCluster
import java.time.Duration

/**
 * The one three-member Patroni cluster every spec of this module shares (a cluster takes tens of seconds to start),
 * stopped at JVM exit. Specs leave it as they found it: a leader, two streaming replicas, asynchronous replication.
 */
object SharedCluster {
    val cluster: PatroniCluster by lazy { PatroniCluster.start() }

    /** The cluster once it is whole again: a running leader and every other member streaming. */
    fun healthy(timeout: Duration = Duration.ofSeconds(120)): PatroniCluster = cluster.also { it.awaitStreamingReplicas(timeout = timeout) }
}
