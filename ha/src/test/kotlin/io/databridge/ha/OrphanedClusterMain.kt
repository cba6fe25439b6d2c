package io.databridge.ha

import io.databridge.embedded.ha.PatroniCluster

/**
 * A JVM that starts a two-member cluster, prints `READY <directory>` and waits to be killed: StaleClusterSweepSpec
 * SIGKILLs it, so the cluster is orphaned exactly as by a crashed test run (no close, no shutdown hook).
 */
object OrphanedClusterMain {
    @JvmStatic
    fun main(args: Array<String>) {
        val cluster = PatroniCluster.start { members(2) }
        println("READY ${cluster.directory}")
        System.out.flush()
        Thread.sleep(Long.MAX_VALUE)
    }
}
