package io.databridge.embedded.ha

import io.databridge.embedded.deleteTree
import java.io.RandomAccessFile
import java.nio.channels.FileLock
import java.nio.channels.OverlappingFileLockException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean

/** The lock a live [PatroniCluster] holds on its directory: a directory whose lock nobody holds was left by a dead JVM. */
internal class ClusterLock private constructor(private val file: RandomAccessFile, private val lock: FileLock) : AutoCloseable {
    override fun close() {
        runCatching { lock.release() }
        runCatching { file.close() }
    }

    companion object {
        const val NAME = "cluster.lock"

        /** Takes the lock of the fresh cluster directory [dir]. */
        fun take(dir: Path): ClusterLock {
            val file = RandomAccessFile(dir.resolve(NAME).toFile(), "rw")
            return ClusterLock(file, file.channel.lock())
        }
    }
}

/**
 * Cleans up after JVMs that died without closing their clusters (SIGKILL, a crash, a CI timeout), whose shutdown hook
 * never ran: a cluster directory whose [ClusterLock] nobody holds has its Patroni, PostgreSQL and etcd processes
 * killed, found through the pid files in it, and is deleted.
 */
internal object StaleHaClusters {
    /** The pid file each member's Patroni and the etcd leave in their directory. */
    const val PID_FILE = "process.pid"

    private val swept = AtomicBoolean()

    /** Sweeps [parent] the first time a cluster starts in this JVM. */
    fun sweepOnce(parent: Path) {
        if (swept.compareAndSet(false, true)) sweepAll(parent)
    }

    /** Sweeps every directory under [parent]; returns those deleted. */
    fun sweepAll(parent: Path): List<Path> {
        if (!Files.isDirectory(parent)) return emptyList()
        // A sweep must never stop a cluster's start: a directory another JVM is closing right now may vanish.
        return Files.list(parent).use { it.toList() }.filter { dir -> runCatching { sweep(dir) }.getOrDefault(false) }
    }

    /** Kills the processes of cluster directory [dir] and deletes it, if no live JVM holds its lock. */
    fun sweep(dir: Path): Boolean {
        val lockPath = dir.resolve(ClusterLock.NAME)
        if (!Files.exists(lockPath)) return false
        RandomAccessFile(lockPath.toFile(), "rw").channel.use { channel ->
            val lock = try { channel.tryLock() } catch (held: OverlappingFileLockException) { null } ?: return false
            val members = Files.list(dir).use { entries -> entries.filter { Files.isDirectory(it.resolve("data")) || Files.exists(it.resolve(PID_FILE)) }.toList() }
            // Patroni first, or it would restart the PostgreSQL killed next; etcd last, as a clean stop would.
            members.forEach { kill(recorded(it.resolve(PID_FILE), dir)) }
            members.forEach { member -> postmaster(member.resolve("data").resolve("postmaster.pid"))?.let { kill(it, withDescendants = true) } }
            kill(recorded(dir.resolve(PID_FILE), dir))
            lock.release()
        }
        deleteTree(dir)
        return true
    }

    /** The live process whose pid [pidFile] records, if its command line names [dir] (pids are reused after a crash). */
    private fun recorded(pidFile: Path, dir: Path): ProcessHandle? {
        val process = pidOf(pidFile)?.let { ProcessHandle.of(it).orElse(null) } ?: return null
        return process.takeIf { p -> p.info().commandLine().map { it.contains(dir.toString()) }.orElse(false) }
    }

    /** The postmaster [pidFile] names, if it still runs a `postgres` executable. */
    private fun postmaster(pidFile: Path): ProcessHandle? {
        val process = pidOf(pidFile)?.let { ProcessHandle.of(it).orElse(null) } ?: return null
        return process.takeIf { p -> p.info().command().map { it.endsWith("/postgres") }.orElse(false) }
    }

    private fun pidOf(pidFile: Path): Long? = runCatching { Files.readAllLines(pidFile).firstOrNull()?.trim()?.toLong() }.getOrNull()

    /** SIGKILL to [process] (and the backends below a postmaster); waits up to 10 s for them to be gone. */
    private fun kill(process: ProcessHandle?, withDescendants: Boolean = false) {
        if (process == null) return
        val all = listOf(process) + if (withDescendants) process.descendants().toList() else emptyList()
        all.forEach { it.destroyForcibly() }
        all.forEach { runCatching { it.onExit().get(10, TimeUnit.SECONDS) } }
    }
}
