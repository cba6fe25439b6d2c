package io.databridge.embedded

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.FileVisitResult
import java.nio.file.SimpleFileVisitor
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.BasicFileAttributes
import java.sql.Connection
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A real, throwaway PostgreSQL cluster: started on a free port with a private Unix socket directory, configured
 * with the users, databases, settings and TLS its builder asked for; [close] stops it and deletes its directory.
 * Clusters not closed are stopped by a JVM shutdown hook; directories left by a killed JVM are swept at the
 * next start.
 */
public class EmbeddedPostgres private constructor(
    private val config: ClusterConfig,
    private val dir: ClusterDirectory,
    private val server: RunningServer,
    /** The TLS material, or null when TLS is off. */
    public val tls: ServerTls?,
) : AutoCloseable {
    private val closed = AtomicBoolean()
    private val addedSettings = linkedMapOf<String, String>()

    /** The host name clients connect to. */
    public val host: String = "localhost"

    /** The TCP port the server listens on. */
    public val port: Int get() = server.port

    /** The superuser, which authenticates with trust over loopback and the Unix socket. */
    public val superuser: String = EmbeddedPostgresBuilder.SUPERUSER

    /** The directory holding the server's Unix socket (`.s.PGSQL.<port>`). */
    public val socketDirectory: Path get() = dir.socket

    /** The cluster's data directory. */
    public val dataDirectory: Path get() = dir.data

    /** The users declared in the builder. */
    public val users: List<PostgresUser> get() = config.users

    /** The server's major version, e.g. 18. */
    public val majorVersion: Int by lazy { superuserConnection().use { c -> queryString(c, "SHOW server_version_num").toInt() / 10000 } }

    /** A libpq-style URI for [database] as [user]. */
    @JvmOverloads
    public fun url(database: String = "postgres", user: String = superuser): String =
        "postgresql://$user@$host:$port/$database"

    /** A pgjdbc URL for [database] as [user], for tests that use a JDBC client. */
    @JvmOverloads
    public fun jdbcUrl(database: String = "postgres", user: String = superuser): String =
        "jdbc:postgresql://$host:$port/$database?user=$user"

    /** The whole server log so far. */
    public fun serverLog(): String = if (Files.exists(dir.log)) Files.readString(dir.log) else ""

    /** The last [lines] lines of the server log. */
    @JvmOverloads
    public fun serverLogTail(lines: Int = 50): String = dir.logTail(lines)

    /** Whether the server is a standby (`pg_is_in_recovery()`). */
    public fun isInRecovery(): Boolean = superuserConnection().use { c -> queryString(c, "SELECT pg_is_in_recovery()") == "t" }

    /**
     * Starts a streaming replica of this cluster: a low-level base backup (`pg_backup_start`, copy of the data
     * directory, `pg_backup_stop`) started as a standby with `primary_conninfo` pointing here. Close it yourself.
     */
    public fun startReplica(): EmbeddedPostgres = replica().start()

    /** Starts a streaming replica configured by [configure] (slots, failover slot sync, settings); see [startReplica]. */
    public fun startReplica(configure: ReplicaBuilder.() -> Unit): EmbeddedPostgres = replica().apply(configure).start()

    /** A builder for a streaming replica of this cluster (Java-friendly); [ReplicaBuilder.start] starts it. */
    public fun replica(): ReplicaBuilder = ReplicaBuilder(this)

    internal fun launchReplica(spec: ReplicaBuilder): EmbeddedPostgres {
        check(!closed.get()) { "the cluster is closed" }
        val replicaDir = ClusterDirectory.create()
        var createdSlot: String? = null
        try {
            val replicaTls = tls?.let { copyTls(it, replicaDir) }
            superuserConnection().use { c ->
                spec.physicalSlot?.let { createdSlot = queryString(c, "SELECT slot_name FROM pg_create_physical_replication_slot(${Sql.literal(it)}, true)") }
                baseBackup(c, replicaDir.data)
            }
            val conninfo = buildString {
                append("host=127.0.0.1 port=$port user=$superuser application_name=replica_${replicaDir.base.fileName}")
                spec.failoverSlotDatabase?.let { append(" dbname=").append(Sql.literal(it)) }
            }
            val settings = config.settings + ServerFiles.baseSettings(replicaDir, replicaTls) + buildMap {
                put("primary_conninfo", conninfo)
                spec.physicalSlot?.let { put("primary_slot_name", it) }
                if (spec.failoverSlotDatabase != null) {
                    put("sync_replication_slots", "on")
                    put("hot_standby_feedback", "on")
                }
            } + spec.settings
            val running = launcher().start(replicaDir, 0, settings, { data ->
                ServerFiles.writeSettings(data, settings)
                Files.createFile(data.resolve("standby.signal"))
            }, config.startupTimeout)
            val replica = register(EmbeddedPostgres(config, replicaDir, running, replicaTls))
            if (spec.failoverSlotDatabase != null) addSynchronizedStandbySlot(spec.physicalSlot!!)
            return replica
        } catch (e: Exception) {
            val tail = replicaDir.logTail(40)
            replicaDir.close()
            // A slot left behind would keep WAL on the primary for a standby that never came.
            createdSlot?.let { slot -> runCatching { superuserConnection().use { c -> Sql.execute(c, "SELECT pg_drop_replication_slot(${Sql.literal(slot)})") } } }
            throw e as? EmbeddedPostgresException ?: EmbeddedPostgresException("cannot start a replica of port $port: $e", tail, e)
        }
    }

    /**
     * Lists [slot] in this server's `synchronized_standby_slots` and reloads. The setting goes to this server's own
     * settings file, not to `postgresql.auto.conf`, so standbys copied from it later do not inherit it: a promoted
     * standby naming slots it does not have would hold every failover slot back.
     */
    private fun addSynchronizedStandbySlot(slot: String) {
        val value = synchronized(addedSettings) {
            val listed = addedSettings["synchronized_standby_slots"]?.split(',').orEmpty()
            val value = (listed + slot).distinct().joinToString(",")
            addedSettings["synchronized_standby_slots"] = value
            ServerFiles.writeSettings(dir.data, config.settings + ServerFiles.baseSettings(dir, tls) + addedSettings)
            value
        }
        superuserConnection().use { c -> queryString(c, "SELECT pg_reload_conf()") }
        // The reload is signalled, not awaited: a new session sees it once the postmaster has read the file.
        val deadline = System.nanoTime() + config.startupTimeout.toNanos()
        while (superuserConnection().use { c -> queryString(c, "SHOW synchronized_standby_slots") } != value) {
            if (System.nanoTime() > deadline) throw EmbeddedPostgresException("synchronized_standby_slots did not become '$value'", serverLogTail(40))
            Thread.sleep(20)
        }
    }

    /** Promotes this standby to a primary and waits (bounded) until it has left recovery. */
    public fun promote() {
        superuserConnection().use { c ->
            if (queryString(c, "SELECT pg_promote(true, 60)") != "t") {
                throw EmbeddedPostgresException("the standby on port $port was not promoted within 60 s", serverLogTail(40))
            }
        }
    }

    /** Stops the server and deletes its directory. Calling it twice is harmless. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        live.remove(this)
        val postmaster = runCatching { Files.readAllLines(dir.data.resolve("postmaster.pid")).first().trim().toLong() }.getOrNull()
        try {
            server.stop()
            // pg_ctl reports the stop when the pid file is gone, a moment before the process has exited.
            postmaster?.let { pid -> ProcessHandle.of(pid).ifPresent(::awaitExit) }
        } finally {
            dir.close()
        }
    }

    override fun toString(): String = "EmbeddedPostgres(port=$port, socketDirectory=$socketDirectory)"

    internal fun superuserConnection(database: String = "postgres"): Connection = Sql.connect(host, port, database, superuser)

    private fun launcher() = ServerLauncher.of(config.launchMode, config.binaries, config.osUser)

    private fun baseBackup(c: Connection, target: Path) {
        val modern = majorVersion >= 15
        queryString(c, if (modern) "SELECT pg_backup_start('databridge-replica', true)" else "SELECT pg_start_backup('databridge-replica', true, false)")
        try {
            copyDataDirectory(dir.data, target)
        } finally {
            val stop = if (modern) "SELECT labelfile, spcmapfile FROM pg_backup_stop(true)" else "SELECT labelfile, spcmapfile FROM pg_stop_backup(false, true)"
            c.createStatement().use { st ->
                st.executeQuery(stop).use { rs ->
                    rs.next()
                    Files.writeString(target.resolve("backup_label"), rs.getString(1))
                    rs.getString(2)?.takeIf { it.isNotEmpty() }?.let { Files.writeString(target.resolve("tablespace_map"), it) }
                }
            }
        }
    }

    /** Starts clusters. */
    public companion object {
        private val live = java.util.concurrent.ConcurrentHashMap.newKeySet<EmbeddedPostgres>()

        init {
            Runtime.getRuntime().addShutdownHook(Thread({ live.toList().forEach { runCatching { it.close() } } }, "embedded-postgres-cleanup"))
        }

        /** Starts a fresh cluster with default settings and waits until it accepts connections. */
        @JvmStatic
        public fun start(): EmbeddedPostgres = builder().start()

        /** Starts a cluster configured by [configure] (Kotlin DSL). */
        @JvmStatic
        public fun start(configure: EmbeddedPostgresBuilder.() -> Unit): EmbeddedPostgres = builder().apply(configure).start()

        /** A builder for a cluster (Java-friendly). */
        @JvmStatic
        public fun builder(): EmbeddedPostgresBuilder = EmbeddedPostgresBuilder()

        internal fun launch(config: ClusterConfig): EmbeddedPostgres {
            val dir = ClusterDirectory.create()
            var running: RunningServer? = null
            try {
                val tls = if (config.tls) ServerTls.generate(dir.tls) else null
                val settings = config.settings + ServerFiles.baseSettings(dir, tls)
                running = ServerLauncher.of(config.launchMode, config.binaries, config.osUser).start(dir, config.port, settings, { data ->
                    ServerFiles.writeSettings(data, settings)
                    ServerFiles.writeHba(data, config.users, config.defaultAuth)
                }, config.startupTimeout)
                val pg = register(EmbeddedPostgres(config, dir, running, tls))
                try {
                    pg.superuserConnection().use { c -> createRolesAndDatabases(c, config) }
                } catch (e: Exception) {
                    val tail = pg.serverLogTail(40)
                    pg.close()
                    throw EmbeddedPostgresException("cannot create the roles and databases: $e", tail, e)
                }
                return pg
            } catch (e: Exception) {
                val tail = dir.logTail(40)
                runCatching { running?.stop() }
                dir.close()
                throw e as? EmbeddedPostgresException ?: EmbeddedPostgresException("cannot start PostgreSQL: $e", tail, e)
            }
        }

        private fun awaitExit(process: ProcessHandle) {
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS)
            } catch (slow: java.util.concurrent.TimeoutException) {
                process.destroyForcibly()
            }
        }

        private fun register(pg: EmbeddedPostgres): EmbeddedPostgres = pg.also { live.add(it) }

        private fun createRolesAndDatabases(c: Connection, config: ClusterConfig) {
            // CREATE ROLE carries passwords: keep it out of the server log even with log_statement = all.
            Sql.execute(c, "SET log_statement = 'none'", "SET log_min_duration_statement = -1")
            for (user in config.users) {
                val encryption = if (user.auth == AuthMethod.MD5) "md5" else "scram-sha-256"
                val password = user.password?.let { " PASSWORD ${Sql.literal(it)}" } ?: ""
                val superuser = if (user.superuser) " SUPERUSER" else ""
                Sql.execute(c, "SET password_encryption = '$encryption'", "CREATE ROLE ${Sql.identifier(user.name)} LOGIN$superuser$password")
            }
            Sql.execute(c, "RESET password_encryption")
            for (db in config.databases) {
                val owner = db.owner?.let { " OWNER ${Sql.identifier(it)}" } ?: ""
                Sql.execute(c, "CREATE DATABASE ${Sql.identifier(db.name)}$owner")
            }
        }

        private fun queryString(c: Connection, sql: String): String =
            c.createStatement().use { st -> st.executeQuery(sql).use { rs -> rs.next(); rs.getString(1) } }

        private fun copyTls(tls: ServerTls, replicaDir: ClusterDirectory): ServerTls {
            copyTree(tls.caFile.parent, replicaDir.tls) { CopyChoice.COPY }
            return ServerTls.copiedTo(tls, replicaDir.tls)
        }

        // Files a running server owns or rewrites, which a base backup must leave out (see "Making a Base Backup
        // Using the Low Level API"); their directories are kept empty.
        private val skippedFiles = setOf("postmaster.pid", "postmaster.opts", "epg-lock", "standby.signal", "recovery.signal")
        private val emptiedDirectories = setOf("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans")

        private fun copyDataDirectory(source: Path, target: Path) {
            copyTree(source, target) { relative ->
                val first = relative.getName(0).toString()
                when {
                    relative.nameCount == 1 -> if (first in emptiedDirectories) CopyChoice.EMPTY else if (first in skippedFiles) CopyChoice.SKIP else CopyChoice.COPY
                    else -> CopyChoice.COPY
                }
            }
            Files.createDirectories(target.resolve("pg_wal/archive_status"))
        }

        private enum class CopyChoice { COPY, EMPTY, SKIP }

        private fun copyTree(source: Path, target: Path, choose: (Path) -> CopyChoice) {
            Files.walkFileTree(source, object : SimpleFileVisitor<Path>() {
                override fun preVisitDirectory(path: Path, attrs: BasicFileAttributes): FileVisitResult {
                    val relative = source.relativize(path)
                    val choice = if (relative.toString().isEmpty()) CopyChoice.COPY else choose(relative)
                    if (choice == CopyChoice.SKIP) return FileVisitResult.SKIP_SUBTREE
                    Files.createDirectories(target.resolve(relative.toString()))
                    Files.setPosixFilePermissions(target.resolve(relative.toString()), Files.getPosixFilePermissions(path))
                    return if (choice == CopyChoice.EMPTY) FileVisitResult.SKIP_SUBTREE else FileVisitResult.CONTINUE
                }

                override fun visitFile(path: Path, attrs: BasicFileAttributes): FileVisitResult {
                    val relative = source.relativize(path)
                    if (choose(relative) == CopyChoice.COPY) {
                        try {
                            Files.copy(path, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING)
                        } catch (vanished: java.nio.file.NoSuchFileException) {
                            // Deleted by the server after we listed it: nothing recovery needs.
                        }
                    }
                    return FileVisitResult.CONTINUE
                }

                // The running primary deletes temporary files while we copy; WAL replay does not need them.
                override fun visitFileFailed(path: Path, exc: java.io.IOException): FileVisitResult = FileVisitResult.CONTINUE
            })
        }
    }
}
