package io.databridge.embedded.pgbouncer

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.OsUser
import io.databridge.embedded.deleteTree
import java.io.IOException
import java.lang.ProcessBuilder.Redirect
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.security.SecureRandom
import java.util.Base64
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A PgBouncer process in front of an [EmbeddedPostgres]: listens on [host]:[port] and in [socketDirectory],
 * configured by a generated ini in a private temporary directory, run as an unprivileged OS user when the JVM
 * runs as root. [close] stops the process and deletes the directory; instances not closed are stopped at JVM exit.
 */
public class PgBouncer private constructor(
    private val dir: Path,
    private val process: Process,
    /** The TCP port PgBouncer listens on. */
    public val port: Int,
    /** The pooling mode it runs with. */
    public val poolMode: PoolMode,
    /**
     * The user allowed on the admin console (database `pgbouncer`, e.g. `SHOW POOLS`), for simple-protocol clients
     * such as psql; pgjdbc cannot use the console, which refuses the `SET extra_float_digits` pgjdbc sends.
     */
    public val adminUser: String,
    /** That user's generated password (needed unless auth is trust). */
    public val adminPassword: String,
) : AutoCloseable {
    private val closed = AtomicBoolean()

    /** The address clients connect to. */
    public val host: String = "127.0.0.1"

    /** The directory holding PgBouncer's Unix socket (`.s.PGSQL.<port>`). */
    public val socketDirectory: Path = dir.resolve(SOCKET_DIR)

    /** The process id of PgBouncer. */
    public val pid: Long get() = process.pid()

    /** A libpq-style URI for [database] as [user]. */
    @JvmOverloads
    public fun url(database: String = "postgres", user: String = "postgres"): String = "postgresql://$user@$host:$port/$database"

    /**
     * A pgjdbc URL for [database] as [user] with `prepareThreshold=0`, so pgjdbc uses unnamed statements only as
     * transaction and statement pooling demand.
     */
    @JvmOverloads
    public fun jdbcUrl(database: String = "postgres", user: String = "postgres"): String =
        "jdbc:postgresql://$host:$port/$database?user=$user&prepareThreshold=0&sslmode=disable"

    /** The whole PgBouncer log so far. */
    public fun log(): String = logFile().let { if (Files.exists(it)) Files.readString(it) else "" }

    /** The last [lines] lines of PgBouncer's log. */
    @JvmOverloads
    public fun logTail(lines: Int = 50): String = tailOf(dir, lines)

    /** Stops PgBouncer (SIGTERM, then SIGKILL after 10 s) and deletes its directory. Calling it twice is harmless. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        live.remove(this)
        try {
            stop(process)
        } finally {
            deleteTree(dir)
        }
    }

    override fun toString(): String = "PgBouncer(port=$port, poolMode=$poolMode, socketDirectory=$socketDirectory)"

    private fun logFile() = dir.resolve(LOG_FILE)

    /** Starts PgBouncers. */
    public companion object {
        private const val SOCKET_DIR = "socket"
        private const val LOG_FILE = "pgbouncer.log"
        private const val ADMIN = "pgbouncer_admin"
        private const val BINARY = "pgbouncer"
        private val live = ConcurrentHashMap.newKeySet<PgBouncer>()
        private val parent: Path = Paths.get(System.getProperty("java.io.tmpdir"), "databridge-pgbouncer-" + System.getProperty("user.name"))

        init {
            Runtime.getRuntime().addShutdownHook(Thread({ live.toList().forEach { runCatching { it.close() } } }, "pgbouncer-cleanup"))
        }

        /** Starts PgBouncer in front of [postgres] with default settings (transaction pooling, trust). */
        @JvmStatic
        public fun start(postgres: EmbeddedPostgres): PgBouncer = builder(postgres).start()

        /** Starts PgBouncer in front of [postgres] configured by [configure] (Kotlin DSL). */
        @JvmStatic
        public fun start(postgres: EmbeddedPostgres, configure: PgBouncerBuilder.() -> Unit): PgBouncer =
            builder(postgres).apply(configure).start()

        /** A builder for a PgBouncer in front of [postgres] (Java-friendly). */
        @JvmStatic
        public fun builder(postgres: EmbeddedPostgres): PgBouncerBuilder = PgBouncerBuilder(postgres)

        internal fun launch(config: BouncerConfig): PgBouncer {
            val binary = findBinary(config.binary)
            // Short names keep the socket path below the 107-byte limit of sun_path.
            val dir = Files.createDirectories(parent).resolve(UUID.randomUUID().toString().substring(0, 13))
            Files.createDirectory(dir)
            var process: Process? = null
            try {
                val socketDir = Files.createDirectory(dir.resolve(SOCKET_DIR))
                val port = ServerSocket(0).use { it.localPort }
                val adminPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(ByteArray(18).also(SecureRandom()::nextBytes))
                val ini = BouncerFiles.write(dir, socketDir, port, config, ADMIN, adminPassword)
                val switchUser = if (OsUser.jvmIsRoot) asOsUser(config.osUser, dir) else emptyList()
                process = ProcessBuilder(switchUser + listOf(binary.toString(), ini.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(dir.resolve(LOG_FILE).toFile()))
                    .start()
                awaitListening(process, port, config, dir)
                return PgBouncer(dir, process, port, config.poolMode, ADMIN, adminPassword).also { live.add(it) }
            } catch (e: Exception) {
                process?.let(::stop)
                val tail = tailOf(dir, 40)
                deleteTree(dir)
                throw e as? PgBouncerException ?: PgBouncerException("cannot start PgBouncer: $e", tail, e)
            }
        }

        private fun findBinary(explicit: Path?): Path {
            val candidates = if (explicit != null) {
                listOf(explicit)
            } else {
                val path = System.getenv("PATH").orEmpty().split(':').filter { it.isNotEmpty() }
                (path + listOf("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")).distinct().map { Paths.get(it, BINARY) }
            }
            return candidates.firstOrNull { Files.isRegularFile(it) && Files.isExecutable(it) }
                ?: throw PgBouncerNotInstalledException(explicit?.toString() ?: BINARY, candidates.map { (if (explicit != null) it else it.parent).toString() })
        }

        private fun asOsUser(name: String, dir: Path): List<String> {
            val user = try {
                OsUser.findOrCreate(name)
            } catch (e: IOException) {
                throw PgBouncerException("PgBouncer refuses to run as root and OS user '$name' is not usable: ${e.message}", cause = e)
            }
            user.own(dir)
            return user.switchCommand
        }

        private fun awaitListening(process: Process, port: Int, config: BouncerConfig, dir: Path) {
            val deadline = System.nanoTime() + config.startupTimeout.toNanos()
            while (true) {
                if (!process.isAlive) {
                    throw PgBouncerException("PgBouncer exited with ${process.exitValue()} during startup", tailOf(dir, 40))
                }
                val up = try {
                    Socket().use { it.connect(InetSocketAddress("127.0.0.1", port), 200) }
                    true
                } catch (notYet: IOException) {
                    false
                }
                if (up) return
                if (System.nanoTime() > deadline) {
                    throw PgBouncerException("PgBouncer did not listen on port $port within ${config.startupTimeout}", tailOf(dir, 40))
                }
                Thread.sleep(50)
            }
        }

        private fun stop(process: Process) {
            process.destroy()
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly()
                process.waitFor(10, TimeUnit.SECONDS)
            }
        }

        private fun tailOf(dir: Path, lines: Int): String {
            val log = dir.resolve(LOG_FILE)
            return if (!Files.exists(log)) "" else Files.readAllLines(log).takeLast(lines).joinToString("\n")
        }
    }
}
