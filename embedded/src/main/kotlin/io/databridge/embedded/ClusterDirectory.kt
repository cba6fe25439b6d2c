package io.databridge.embedded

import java.io.RandomAccessFile
import java.nio.channels.FileLock
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.UUID

/**
 * The private directory of one cluster: data directory, Unix socket directory, TLS files and server log. A file
 * lock held while the cluster lives tells [StaleClusters] which directories a crashed JVM left behind.
 */
internal class ClusterDirectory private constructor(val base: Path) : AutoCloseable {
    val data: Path = base.resolve("data")
    val socket: Path = base.resolve("socket")
    val tls: Path = base.resolve("tls")
    val log: Path = base.resolve("server.log")
    private val lockFile = RandomAccessFile(base.resolve(LOCK_NAME).toFile(), "rw")
    private val lock: FileLock = lockFile.channel.lock()

    /** The last [lines] lines of the server log, or "" when there is none yet. */
    fun logTail(lines: Int): String =
        if (!Files.exists(log)) "" else Files.readAllLines(log).takeLast(lines).joinToString("\n")

    /** Deletes the whole directory, then releases the lock. */
    override fun close() {
        // Deleting while still holding the lock keeps another JVM's stale-cluster sweep from deleting it at the same
        // time: a sweeper only deletes a directory whose lock it could take.
        deleteTree(base)
        runCatching { lock.release() }
        runCatching { lockFile.close() }
    }

    companion object {
        const val LOCK_NAME = "cluster.lock"

        /** Where every cluster of this OS user lives; per user so that users never share a writable directory. */
        val parent: Path = Paths.get(System.getProperty("java.io.tmpdir"), "databridge-pg-" + System.getProperty("user.name"))

        /** Creates a fresh, locked cluster directory. */
        fun create(): ClusterDirectory {
            StaleClusters.sweepOnce(parent)
            // Short names keep the socket path below the 107-byte limit of sun_path.
            val base = Files.createDirectories(parent).resolve(UUID.randomUUID().toString().substring(0, 13))
            Files.createDirectory(base)
            val dir = ClusterDirectory(base)
            Files.createDirectory(dir.socket)
            return dir
        }
    }
}

/** Deletes [root] and everything below it, ignoring what has already gone. */
internal fun deleteTree(root: Path) {
    if (!Files.exists(root)) return
    // Another process may be deleting the same tree (a crashed run's sweep): entries vanishing mid-walk are fine.
    val paths = try {
        Files.walk(root).use { it.sorted(Comparator.reverseOrder()).toList() }
    } catch (gone: java.io.UncheckedIOException) {
        if (gone.cause is java.nio.file.NoSuchFileException) return deleteTree(root) else throw gone
    } catch (gone: java.nio.file.NoSuchFileException) {
        return
    }
    paths.forEach { runCatching { Files.deleteIfExists(it) } }
}
