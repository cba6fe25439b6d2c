package io.databridge.embedded

import java.io.RandomAccessFile
import java.nio.channels.OverlappingFileLockException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Cleans up after crashed runs: a cluster directory whose lock nobody holds belongs to a JVM that died without
 * closing it, so its postmaster (if still running) is stopped and the directory deleted.
 */
internal object StaleClusters {
    private val swept = AtomicBoolean()

    /** Sweeps [parent] the first time a cluster is created in this JVM. */
    fun sweepOnce(parent: Path) {
        if (!swept.compareAndSet(false, true) || !Files.isDirectory(parent)) return
        // A sweep must never stop this JVM's own start: a directory another JVM is closing right now may vanish.
        Files.list(parent).use { dirs -> dirs.toList() }.forEach { dir -> runCatching { sweep(dir) } }
    }

    /** Stops and deletes one cluster directory if no live JVM holds its lock. */
    fun sweep(base: Path) {
        val lockPath = base.resolve(ClusterDirectory.LOCK_NAME)
        if (!Files.exists(lockPath)) return
        val channel = runCatching { RandomAccessFile(lockPath.toFile(), "rw").channel }.getOrNull() ?: return
        channel.use {
            val lock = try { it.tryLock() } catch (held: OverlappingFileLockException) { null } ?: return
            stopPostmaster(base.resolve("data").resolve("postmaster.pid"))
            lock.release()
        }
        deleteTree(base)
    }

    private fun stopPostmaster(pidFile: Path) {
        val pid = runCatching { Files.readAllLines(pidFile).firstOrNull()?.trim()?.toLong() }.getOrNull() ?: return
        val process = ProcessHandle.of(pid).orElse(null) ?: return
        // The pid may have been reused since the crash: only stop it if it is a postgres server.
        if (process.info().command().map { it.endsWith("/postgres") }.orElse(false)) {
            process.destroy()
            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally { process.destroyForcibly(); null }.join()
        }
    }
}
