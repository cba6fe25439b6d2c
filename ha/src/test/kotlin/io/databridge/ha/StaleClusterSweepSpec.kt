package io.databridge.ha

import io.databridge.embedded.ha.PatroniCluster
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * A JVM killed with SIGKILL cannot stop its cluster: Patroni, PostgreSQL and etcd keep running. The sweep a cluster's
 * start does (PatroniCluster.sweepStaleClusters) kills them and deletes the directory, and leaves live JVMs' clusters.
 */
class StaleClusterSweepSpec : FunSpec({
    /** The processes of cluster directory [dir] that run now: etcd, each member's Patroni and each postmaster. */
    fun processesOf(dir: Path): List<ProcessHandle> {
        val pidFiles = Files.list(dir).use { entries ->
            entries.toList().flatMap { listOf(it.resolve("process.pid"), it.resolve("data").resolve("postmaster.pid")) }
        } + listOf(dir.resolve("process.pid"))
        return pidFiles.filter(Files::exists)
            .mapNotNull { Files.readAllLines(it).firstOrNull()?.trim()?.toLongOrNull() }
            .mapNotNull { ProcessHandle.of(it).orElse(null) }
            .filter(ProcessHandle::isAlive)
    }

    test("the processes and directory of a cluster whose JVM was SIGKILLed are swept; a live JVM's cluster is left alone") {
        val live = SharedCluster.healthy()
        val java = Paths.get(System.getProperty("java.home"), "bin", "java").toString()
        val child = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanedClusterMain::class.java.name)
            .redirectErrorStream(true).start()
        val lines = LinkedBlockingQueue<String>()
        thread(isDaemon = true, name = "orphan-output") { child.inputStream.bufferedReader().forEachLine { lines.put(it) } }
        var dir: Path? = null
        try {
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240)
            while (dir == null) {
                val line = lines.poll(1, TimeUnit.SECONDS)
                if (line?.startsWith("READY ") == true) dir = Paths.get(line.removePrefix("READY "))
                check(System.nanoTime() < deadline && (child.isAlive || line != null)) { "the child JVM did not start its cluster: ${lines.toList()}" }
            }
            // While its JVM lives, the cluster's lock is held and the sweep leaves it (and this JVM's own) alone.
            val whileAlive = PatroniCluster.sweepStaleClusters()
            whileAlive shouldNotContain dir
            whileAlive shouldNotContain live.directory

            val processes = processesOf(dir)
            processes shouldHaveSize 5 // etcd, two Patroni, two postmasters
            child.destroyForcibly()
            child.waitFor(30, TimeUnit.SECONDS) shouldBe true
            processes.count(ProcessHandle::isAlive) shouldBe 5 // nothing stops them: the problem the sweep solves

            PatroniCluster.sweepStaleClusters() shouldContain dir
            processes.filter(ProcessHandle::isAlive) shouldBe emptyList()
            Files.exists(dir) shouldBe false
            Files.exists(live.directory) shouldBe true
            live.awaitStreamingReplicas(2)
        } finally {
            // Its lock is released only once the child is gone; until then the sweep would leave the cluster alone.
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS)
            if (dir != null && Files.exists(dir)) PatroniCluster.sweepStaleClusters()
        }
    }
})
