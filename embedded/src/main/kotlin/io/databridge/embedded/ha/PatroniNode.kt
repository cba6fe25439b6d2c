package io.databridge.embedded.ha

import java.lang.ProcessBuilder.Redirect
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * One member: a Patroni process (run through [switchUser] when the JVM is root) that runs and supervises its own
 * PostgreSQL, with its configuration, data directory, socket directory and log under [dir].
 */
internal class PatroniNode(
    val name: String,
    val dir: Path,
    val pgPort: Int,
    val restPort: Int,
    private val patroni: Path,
    private val switchUser: List<String>,
) {
    val configFile: Path = dir.resolve("patroni.yml")
    val dataDir: Path = dir.resolve("data")
    private val log: Path = dir.resolve("patroni.log")

    @Volatile
    private var process: Process? = null

    /** Whether this member's Patroni process runs. */
    val isUp: Boolean get() = process?.isAlive == true

    /** Starts the Patroni process (PostgreSQL is started by Patroni). */
    @Synchronized
    fun start() {
        check(!isUp) { "$name is running already" }
        process = ProcessBuilder(switchUser + listOf(patroni.toString(), configFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(log.toFile()))
            .start()
            .also { Files.writeString(dir.resolve(StaleHaClusters.PID_FILE), it.pid().toString()) }
    }

    /**
     * The postmaster, read from `postmaster.pid`, when it runs: the pid must name a live `postgres` process, since
     * the file outlives a killed server.
     */
    fun postmaster(): ProcessHandle? {
        val pid = runCatching { Files.readAllLines(dataDir.resolve("postmaster.pid")).first().trim().toLong() }.getOrNull() ?: return null
        return ProcessHandle.of(pid).orElse(null)?.takeIf { p -> p.isAlive && p.info().command().map { it.endsWith("postgres") }.orElse(true) }
    }

    /** Kills the postmaster and every backend at once (SIGKILL), as a crash of PostgreSQL alone would. */
    fun killPostgres() {
        val postmaster = postmaster() ?: return
        val children = postmaster.descendants().toList()
        postmaster.destroyForcibly()
        children.forEach { it.destroyForcibly() }
        awaitGone(listOf(postmaster) + children)
    }

    /** Sends SIG[signal] (`STOP` or `CONT`) to the startup process, the one replaying WAL on a standby. */
    fun signalStartupProcess(signal: String) {
        val postmaster = postmaster() ?: throw PatroniException("$name has no running PostgreSQL", logTail(20))
        val startup = postmaster.children().toList().firstOrNull { title(it).contains(": startup") }
            ?: throw PatroniException("$name has no startup process: it is not a standby", logTail(20))
        val kill = ProcessBuilder("kill", "-$signal", startup.pid().toString()).redirectErrorStream(true).start()
        val out = kill.inputStream.bufferedReader().readText()
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) throw PatroniException("kill -$signal ${startup.pid()} failed: $out")
    }

    /** Kills Patroni, then its PostgreSQL (SIGKILL): the member disappears as on a machine crash. */
    @Synchronized
    fun crash() {
        process?.let { p ->
            p.destroyForcibly()
            p.waitFor(10, TimeUnit.SECONDS)
        }
        process = null
        killPostgres()
    }

    /**
     * Stops the member as an operator would (SIGTERM: Patroni stops PostgreSQL with a fast shutdown, then exits); after
     * [seconds] whatever is left is killed.
     */
    @Synchronized
    fun stop(seconds: Long) {
        val p = process ?: return killPostgres()
        p.destroy()
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
        process = null
        killPostgres()
    }

    /** Sends SIGTERM without waiting, so several members can shut down at once. */
    fun requestStop() {
        process?.destroy()
    }

    fun logTail(lines: Int): String = tail(log, lines).let { if (it.isEmpty()) "" else "[$name]\n$it" }

    override fun toString(): String = "$name(pg=$pgPort, rest=$restPort)"

    /** A PostgreSQL process's title (`postgres: node1: startup recovering …`), which it writes over its command line. */
    private fun title(process: ProcessHandle): String =
        runCatching { String(Files.readAllBytes(Path.of("/proc/${process.pid()}/cmdline"))).replace('\u0000', ' ') }.getOrDefault("")

    private fun awaitGone(processes: List<ProcessHandle>) {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (processes.any { it.isAlive } && System.nanoTime() < deadline) Thread.sleep(10)
    }
}
