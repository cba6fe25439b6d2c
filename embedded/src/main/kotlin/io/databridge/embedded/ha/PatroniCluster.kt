package io.databridge.embedded.ha

import io.databridge.embedded.OsUser
import io.databridge.embedded.Sql
import io.databridge.embedded.deleteTree
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.IOException
import java.net.ServerSocket
import java.net.http.HttpClient
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Duration
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A real high-availability PostgreSQL cluster for tests: one etcd and [members] PostgreSQL servers managed by Patroni,
 * all on loopback with free ports, in a private temporary directory. It drives the leader changes a service meets in
 * production: [switchover] (planned), [failover] (the leader's machine "crashes": Patroni and PostgreSQL killed),
 * [killPostgres] (PostgreSQL alone crashes; Patroni restarts it in place), [pauseReplay] (a replica falls behind),
 * and reads Patroni's own [view] of the cluster. [close] stops every process and deletes the directory; clusters not
 * closed are stopped at JVM exit. Needs the Debian packages `patroni`, `etcd-server` and `postgresql`.
 */
public class PatroniCluster private constructor(
    private val dir: Path,
    private val etcd: Etcd,
    private val nodes: List<PatroniNode>,
    private val config: PatroniClusterConfig,
    private val http: HttpClient,
    private val lock: ClusterLock,
) : AutoCloseable {
    private val closed = AtomicBoolean()

    /** The cluster's private directory: each member's configuration, data, socket and log (`node<N>/patroni.log`). */
    public val directory: Path get() = dir

    /** The host every member listens on. */
    public val host: String = "127.0.0.1"

    /** The superuser on every member; it authenticates with trust over loopback. */
    public val superuser: String = PatroniConfigFile.SUPERUSER

    /** The members' names in configuration order (`node1`, `node2`, …). */
    public val members: List<String> get() = nodes.map { it.name }

    /** The members' PostgreSQL ports in configuration order. */
    public val ports: List<Int> get() = nodes.map { it.pgPort }

    /** The PostgreSQL port of [member]. */
    public fun port(member: String): Int = node(member).pgPort

    /**
     * A libpq-style URI listing every member, for [database] as the superuser, with [targetSessionAttrs]
     * (`read-write` finds the leader wherever it is) and any further [options] (`key=value`, joined with `&`).
     */
    @JvmOverloads
    public fun url(targetSessionAttrs: String = "read-write", database: String = "postgres", vararg options: String): String =
        "postgresql://$superuser@" + nodes.joinToString(",") { "$host:${it.pgPort}" } + "/$database?sslmode=disable&target_session_attrs=$targetSessionAttrs" +
            options.joinToString("") { "&$it" }

    /** A libpq-style URI for [member] alone. */
    @JvmOverloads
    public fun memberUrl(member: String, database: String = "postgres"): String =
        "postgresql://$superuser@$host:${port(member)}/$database?sslmode=disable"

    /** Patroni's view of the cluster (`GET /cluster`), asked of the first member whose Patroni answers. */
    public fun view(): ClusterView {
        var failure: Exception? = null
        for (node in nodes.filter { it.isUp }) {
            try {
                return api(node).cluster()
            } catch (e: IOException) {
                failure = e
            }
        }
        throw PatroniException("no member's REST API answered: ${failure ?: "every Patroni is down"}", logTails(), failure)
    }

    /** Waits (at most [timeout]) until a member holds the leader lock with its PostgreSQL promoted, and returns it. */
    @JvmOverloads
    public fun awaitLeader(timeout: Duration = config.startupTimeout): ClusterMember =
        awaitView("a running leader", timeout) { v -> v.leader?.takeIf(::isPromoted) }

    /**
     * Waits (at most [timeout]) until [count] replicas stream from the leader (the leader's `pg_stat_replication`
     * shows them `streaming`) and Patroni reports them running; returns the view.
     */
    @JvmOverloads
    public fun awaitStreamingReplicas(count: Int = nodes.size - 1, timeout: Duration = config.startupTimeout): ClusterView {
        require(count in 0 until nodes.size) { "a cluster of ${nodes.size} members has at most ${nodes.size - 1} replicas" }
        return awaitView("$count streaming replicas", timeout) { view ->
            val leader = view.leader?.takeIf(ClusterMember::isRunning) ?: return@awaitView null
            val streaming = replicationStates(leader.name).count { it.first == "streaming" }
            view.takeIf { streaming >= count && view.replicas.count(ClusterMember::isRunning) >= count }
        }
    }

    /**
     * A planned leader change (`POST /switchover`) to [candidate], or to the synchronous standby (else the first
     * running replica) when null; returns once the new leader runs. Patroni stops the old leader's PostgreSQL and
     * brings it back as a replica of the new one.
     */
    @JvmOverloads
    public fun switchover(candidate: String? = null, timeout: Duration = Duration.ofSeconds(60)): LeaderChange {
        val view = view()
        val leader = view.leader ?: throw PatroniException("no leader to switch over from: $view", logTails())
        val target = candidate ?: (view.replicas.firstOrNull { it.isSyncStandby && it.isRunning } ?: view.replicas.firstOrNull { it.isRunning })?.name
            ?: throw PatroniException("no running replica to switch over to: $view", logTails())
        require(target != leader.name) { "$target leads already" }
        val started = System.nanoTime()
        val (status, body) = try {
            api(node(leader.name)).switchover(leader.name, target, timeout)
        } catch (e: IOException) {
            throw PatroniException("POST /switchover to $target failed: $e", logTails(), e)
        }
        if (status !in 200..299) throw PatroniException("POST /switchover to $target answered $status: $body", logTails())
        val after = awaitView("$target leading", timeout) { v -> v.leader?.takeIf { it.name == target && isPromoted(it) } }
        return LeaderChange(leader.name, after.name, Duration.ofNanos(System.nanoTime() - started))
    }

    /**
     * An unplanned leader change: the leader's machine crashes (its Patroni and PostgreSQL are killed with SIGKILL, so
     * the leader lock is not released and expires after `ttl`). Returns once another member leads; the crashed
     * member's Patroni is then started again and rejoins as a replica in the background (pg_rewind, or a new clone),
     * see [awaitStreamingReplicas].
     */
    @JvmOverloads
    public fun failover(timeout: Duration = Duration.ofSeconds(90)): LeaderChange {
        val old = awaitLeader(timeout).name
        val started = System.nanoTime()
        node(old).crash()
        val next = awaitView("a new leader after $old crashed", timeout) { v -> v.leader?.takeIf { it.name != old && isPromoted(it) } }
        val elapsed = Duration.ofNanos(System.nanoTime() - started)
        node(old).start()
        return LeaderChange(old, next.name, elapsed)
    }

    /** Crashes [member]: its Patroni and PostgreSQL are killed with SIGKILL. [restart] brings it back. */
    public fun crash(member: String): Unit = node(member).crash()

    /** Starts the Patroni of a member that was [crash]ed; it rejoins the cluster (see [awaitStreamingReplicas]). */
    public fun restart(member: String): Unit = node(member).start()

    /**
     * Kills [member]'s PostgreSQL alone (postmaster and backends, SIGKILL); its Patroni restarts it in place, so a
     * leader stays leader (Patroni fails over only when its own process is gone, see [failover]).
     */
    public fun killPostgres(member: String): Unit = node(member).killPostgres()

    /**
     * Pauses WAL replay on replica [member]: it keeps receiving WAL and answering queries but falls behind. Done by
     * stopping its startup (recovery) process with SIGSTOP, since Patroni resumes a `pg_wal_replay_pause()` on its next
     * loop (PostgreSQL 14+). [resumeReplay] lets it catch up.
     */
    public fun pauseReplay(member: String): Unit = node(member).signalStartupProcess("STOP")

    /** Resumes WAL replay on replica [member] (SIGCONT to its startup process). */
    public fun resumeReplay(member: String): Unit = node(member).signalStartupProcess("CONT")

    /**
     * Switches Patroni's `synchronous_mode` (`PATCH /config`) and waits (at most [timeout]) until the leader has a
     * synchronous standby, or none when [enabled] is false.
     */
    @JvmOverloads
    public fun setSynchronousMode(enabled: Boolean, timeout: Duration = Duration.ofSeconds(60)) {
        val leader = awaitLeader(timeout)
        val (status, body) = api(node(leader.name)).patchConfig("""{"synchronous_mode":$enabled}""")
        if (status !in 200..299) throw PatroniException("PATCH /config synchronous_mode=$enabled answered $status: $body", logTails())
        awaitView(if (enabled) "a synchronous standby" else "no synchronous standby", timeout) { view ->
            val current = view.leader?.takeIf(ClusterMember::isRunning) ?: return@awaitView null
            // Both PostgreSQL (a standby streaming as `sync`) and Patroni (its sync key names that standby) must agree.
            val streamingSync = replicationStates(current.name).any { it.second == "sync" }
            view.takeIf { streamingSync == enabled && view.replicas.any(ClusterMember::isSyncStandby) == enabled }
        }
    }

    /**
     * Declares [name] a permanent logical slot for [plugin] in [database] (Patroni's dynamic `slots`, by `PATCH /config`):
     * the leader creates it; each replica copies it from the leader (restarting its PostgreSQL once) and then advances
     * its copy every loop to the position the leader publishes, so a new leader after a failover has the slot, behind
     * the old one's by up to a loop (a consumer gets those changes again: at least once). Needs Patroni 2.1+,
     * PostgreSQL 11+ and `hot_standby_feedback` (on here). Returns once every running member has the slot and the
     * replicas stream again (at most [timeout]); [removePermanentSlot] undoes it.
     */
    @JvmOverloads
    public fun addPermanentLogicalSlot(name: String, database: String = "postgres", plugin: String = "pgoutput", timeout: Duration = Duration.ofSeconds(120)) {
        require(name.matches(SLOT_NAME)) { "a slot name has 1 to 63 lower-case letters, digits and underscores, not \"$name\"" }
        require(database.isNotBlank() && plugin.isNotBlank()) { "database and plugin must not be blank" }
        val slot = """{"type":"logical","database":${Json.encodeToString(database)},"plugin":${Json.encodeToString(plugin)}}"""
        patchSlots(name, slot)
        awaitView("permanent slot $name on every running member", timeout) { view ->
            view.takeIf { v -> v.members.filter(ClusterMember::isRunning).all { hasSlot(it.name, name) } && v.leader != null }
        }
        awaitStreamingReplicas(timeout = timeout)
    }

    /** Removes [name] from Patroni's permanent slots; Patroni drops it on every member once it is not in use. */
    public fun removePermanentSlot(name: String) {
        require(name.matches(SLOT_NAME)) { "not a slot name: $name" }
        patchSlots(name, "null")
    }

    /** Whether [member]'s PostgreSQL has the replication slot [slot]. */
    public fun hasSlot(member: String, slot: String): Boolean = runCatching {
        Sql.connect(host, port(member), "postgres", superuser).use { c ->
            c.prepareStatement("SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name = ?").use { st ->
                st.setString(1, slot)
                st.executeQuery().use { it.next() }
            }
        }
    }.getOrDefault(false)

    private fun patchSlots(name: String, value: String) {
        val leader = awaitLeader()
        val (status, body) = api(node(leader.name)).patchConfig("""{"slots":{"$name":$value}}""")
        if (status !in 200..299) throw PatroniException("PATCH /config slots.$name=$value answered $status: $body", logTails())
    }

    /** The last [lines] lines of [member]'s log (Patroni's and its PostgreSQL's output). */
    @JvmOverloads
    public fun logTail(member: String, lines: Int = 50): String = node(member).logTail(lines)

    /** Stops every member (Patroni stops its PostgreSQL), then etcd, and deletes the directory. Calling it twice is harmless. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        live.remove(this)
        try {
            // All at once: a member stopping alone would see the leader vanish and start an election.
            nodes.forEach { it.requestStop() }
            nodes.forEach { it.stop(STOP_SECONDS) }
            etcd.stop()
        } finally {
            // Deleted before the lock is released, so another JVM's sweep never deletes it at the same time.
            deleteTree(dir)
            lock.close()
        }
    }

    override fun toString(): String = "PatroniCluster(${nodes.joinToString()}, etcd=${etcd.endpoint})"

    private fun node(member: String): PatroniNode =
        nodes.firstOrNull { it.name == member } ?: throw IllegalArgumentException("no member $member (members: ${members.joinToString()})")

    private fun api(node: PatroniNode) = PatroniApi(http, node.restPort)

    /**
     * Whether [leader]'s PostgreSQL has left recovery: Patroni shows a member as leader as soon as it holds the lock,
     * and reports the member's own role as primary only once the promotion has finished.
     */
    private fun isPromoted(leader: ClusterMember): Boolean =
        leader.isRunning && runCatching { api(node(leader.name)).status()["role"]?.jsonPrimitive?.content in setOf("master", "primary") }.getOrDefault(false)

    /** (state, sync_state) of each replication connection the leader [member] reports. */
    private fun replicationStates(member: String): List<Pair<String, String>> {
        val status = runCatching { api(node(member)).status() }.getOrNull() ?: return emptyList()
        val replication = status["replication"]?.jsonArray ?: return emptyList()
        return replication.map { entry ->
            val o = entry.jsonObject
            (o["state"]?.jsonPrimitive?.content ?: "") to (o["sync_state"]?.jsonPrimitive?.content ?: "")
        }
    }

    /** Polls [view] every 100 ms until [found] returns non-null, at most [timeout]; a failure names [what] and the last view. */
    private fun <T : Any> awaitView(what: String, timeout: Duration, found: (ClusterView) -> T?): T {
        val deadline = System.nanoTime() + timeout.toNanos()
        var last: Any? = null
        while (true) {
            val view = try {
                view()
            } catch (e: PatroniException) {
                last = e.message?.lineSequence()?.first()
                null
            }
            if (view != null) {
                last = view
                found(view)?.let { return it }
            }
            if (System.nanoTime() > deadline) throw PatroniException("no $what within $timeout; last seen: $last", logTails())
            Thread.sleep(100)
        }
    }

    private fun logTails(): String = logTails(nodes, etcd)

    /** Starts clusters. */
    public companion object {
        private const val STOP_SECONDS = 30L
        private val SLOT_NAME = Regex("[a-z0-9_]{1,63}")
        private val live = ConcurrentHashMap.newKeySet<PatroniCluster>()
        private val parent: Path = Paths.get(System.getProperty("java.io.tmpdir"), "databridge-ha-" + System.getProperty("user.name"))

        init {
            Runtime.getRuntime().addShutdownHook(Thread({ live.toList().forEach { runCatching { it.close() } } }, "patroni-cluster-cleanup"))
        }

        /**
         * Kills the processes (Patroni, PostgreSQL, etcd) of clusters whose JVM died without closing them (SIGKILL, a
         * crash), which its shutdown hook could not stop, and deletes their directories; returns the directories
         * removed. The first cluster started in a JVM does this first; clusters of live JVMs are left alone.
         */
        @JvmStatic
        public fun sweepStaleClusters(): List<Path> = StaleHaClusters.sweepAll(parent)

        /** Starts a three-member cluster with default settings and waits until every replica streams. */
        @JvmStatic
        public fun start(): PatroniCluster = builder().start()

        /** Starts a cluster configured by [configure] (Kotlin DSL). */
        @JvmStatic
        public fun start(configure: PatroniClusterBuilder.() -> Unit): PatroniCluster = builder().apply(configure).start()

        /** A builder for a cluster (Java-friendly). */
        @JvmStatic
        public fun builder(): PatroniClusterBuilder = PatroniClusterBuilder()

        internal fun launch(config: PatroniClusterConfig): PatroniCluster {
            StaleHaClusters.sweepOnce(parent)
            // Short names keep the Unix socket paths below the 107-byte limit of sun_path.
            val dir = Files.createDirectories(parent).resolve(UUID.randomUUID().toString().substring(0, 13))
            Files.createDirectory(dir)
            val lock = ClusterLock.take(dir)
            val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
            var etcd: Etcd? = null
            val nodes = ArrayList<PatroniNode>()
            var cluster: PatroniCluster? = null
            try {
                val ports = freePorts(2 + 2 * config.members)
                val switchUser = if (OsUser.jvmIsRoot) osUser(config.osUser) else null
                for (i in 1..config.members) {
                    val nodeDir = Files.createDirectory(dir.resolve("node$i"))
                    nodes += PatroniNode("node$i", nodeDir, ports[2 * i], ports[2 * i + 1], config.patroni, switchUser?.switchCommand ?: emptyList())
                }
                etcd = Etcd.start(config.etcd, dir, ports[0], ports[1], config.startupTimeout, http)
                for (node in nodes) PatroniConfigFile.write(node, config, etcd.endpoint)
                switchUser?.let { user -> nodes.forEach { user.own(it.dir) } }
                cluster = PatroniCluster(dir, etcd, nodes, config, http, lock).also { live.add(it) }
                nodes.forEach { it.start() }
                cluster.awaitStreamingReplicas(config.members - 1, config.startupTimeout)
                if (config.synchronousMode) cluster.setSynchronousMode(true, config.startupTimeout)
                return cluster
            } catch (e: Exception) {
                // Read the logs before closing deletes them.
                val tails = logTails(nodes, etcd)
                if (cluster != null) {
                    cluster.close()
                } else {
                    nodes.forEach { it.stop(5) }
                    etcd?.stop()
                    deleteTree(dir)
                    lock.close()
                }
                if (e is PatroniException && e.logTail.isNotBlank()) throw e
                throw PatroniException("cannot start the cluster: ${e.message}", tails, e)
            }
        }

        private fun osUser(name: String): OsUser = try {
            OsUser.findOrCreate(name)
        } catch (e: IOException) {
            throw PatroniException("PostgreSQL refuses to run as root and OS user '$name' is not usable: ${e.message}", cause = e)
        }

        private fun logTails(nodes: List<PatroniNode>, etcd: Etcd?): String =
            (nodes.map { it.logTail(15) } + (etcd?.logTail(5) ?: "")).filter { it.isNotBlank() }.joinToString("\n")

        /** [count] distinct TCP ports free right now on loopback (held open together so none is handed out twice). */
        private fun freePorts(count: Int): List<Int> {
            val sockets = (1..count).map { ServerSocket(0) }
            try {
                return sockets.map { it.localPort }
            } finally {
                sockets.forEach { it.close() }
            }
        }
    }
}
