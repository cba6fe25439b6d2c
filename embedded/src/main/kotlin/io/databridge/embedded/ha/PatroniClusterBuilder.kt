package io.databridge.embedded.ha

import io.databridge.embedded.ServerFiles
import java.nio.file.Path
import java.time.Duration

/**
 * Describes a [PatroniCluster] to start; fluent for Java (`PatroniCluster.builder().synchronousMode(true).start()`)
 * and the receiver of the Kotlin DSL (`PatroniCluster.start { synchronousMode(true) }`). The defaults are tuned for
 * tests: a leader lock of 8 s renewed every second, so an unplanned failover completes in about ten seconds.
 */
public class PatroniClusterBuilder internal constructor() {
    private var members = 3
    private var synchronousMode = false
    private var ttl: Duration = Duration.ofSeconds(8)
    private var loopWait: Duration = Duration.ofSeconds(1)
    private var retryTimeout: Duration = Duration.ofSeconds(3)
    private var maximumLagOnFailover = 1L shl 20
    private val settings = linkedMapOf(
        "wal_level" to "logical",
        "hot_standby" to "on",
        "hot_standby_feedback" to "on",
        "wal_log_hints" to "on",
        "max_wal_senders" to "10",
        "max_replication_slots" to "10",
        "wal_keep_size" to "128MB",
        // A throwaway cluster: a killed process loses nothing the OS cache holds, and no test outlives the machine.
        "fsync" to "off",
    )
    private var startupTimeout: Duration = Duration.ofSeconds(180)
    private var osUser = System.getProperty("databridge.embedded.ha.osUser", "databridge-ha")
    private var postgresBinDir: Path? = null
    private var patroni: Path? = null
    private var etcd: Path? = null

    /** How many PostgreSQL members (2 to 5); 3 unless set. */
    public fun members(count: Int): PatroniClusterBuilder = apply {
        require(count in 2..5) { "a cluster needs 2 to 5 members, not $count" }
        members = count
    }

    /**
     * Patroni's `synchronous_mode`: commits wait for one synchronous standby, and only that standby may be promoted.
     * Off unless set; [PatroniCluster.setSynchronousMode] switches it on a running cluster.
     */
    @JvmOverloads
    public fun synchronousMode(enabled: Boolean = true): PatroniClusterBuilder = apply { synchronousMode = enabled }

    /**
     * The leader lock's time to live, how often each member runs its loop, and how long DCS and PostgreSQL calls are
     * retried before the leader demotes itself (Patroni's `ttl`, `loop_wait`, `retry_timeout`, whole seconds; Patroni
     * wants `loop_wait + 2 * retry_timeout <= ttl`).
     */
    public fun timing(ttl: Duration, loopWait: Duration, retryTimeout: Duration): PatroniClusterBuilder = apply {
        require(loopWait.seconds >= 1 && retryTimeout.seconds >= 1) { "loop_wait and retry_timeout must be at least 1 s" }
        require(loopWait.seconds + 2 * retryTimeout.seconds <= ttl.seconds) {
            "loop_wait + 2 * retry_timeout must not exceed ttl (${loopWait.seconds} + 2 * ${retryTimeout.seconds} > ${ttl.seconds})"
        }
        this.ttl = ttl
        this.loopWait = loopWait
        this.retryTimeout = retryTimeout
    }

    /** A replica further behind than [bytes] of WAL is not promoted by a failover (`maximum_lag_on_failover`); 1 MiB unless set. */
    public fun maximumLagOnFailover(bytes: Long): PatroniClusterBuilder = apply {
        require(bytes >= 0) { "maximum_lag_on_failover must not be negative" }
        maximumLagOnFailover = bytes
    }

    /** Sets a PostgreSQL parameter on every member (Patroni's dynamic `postgresql.parameters`). */
    public fun setting(key: String, value: String): PatroniClusterBuilder = apply {
        ServerFiles.requireParameterName(key)
        settings[key] = value
    }

    /** How long to wait at most until the cluster has a leader and every replica streams; 180 s unless set. */
    public fun startupTimeout(timeout: Duration): PatroniClusterBuilder = apply {
        require(!timeout.isNegative && !timeout.isZero) { "the startup timeout must be positive" }
        startupTimeout = timeout
    }

    /**
     * The OS user Patroni and PostgreSQL run as when this JVM runs as root (PostgreSQL refuses root); created as a
     * system user when missing. System property `databridge.embedded.ha.osUser`, else `databridge-ha`.
     */
    public fun osUser(name: String): PatroniClusterBuilder = apply { osUser = name }

    /**
     * The directory of the PostgreSQL server and tools (Patroni's `bin_dir`); system property
     * `databridge.embedded.ha.pgBinDir`, else the newest `/usr/lib/postgresql/<major>/bin` holding them all.
     */
    public fun postgresBinDir(dir: Path): PatroniClusterBuilder = apply { postgresBinDir = dir }

    /** The `patroni` executable; found on PATH or in /usr/bin unless set. */
    public fun patroniBinary(path: Path): PatroniClusterBuilder = apply { patroni = path }

    /** The `etcd` executable; found on PATH or in /usr/bin unless set. */
    public fun etcdBinary(path: Path): PatroniClusterBuilder = apply { etcd = path }

    /** Starts the cluster and waits until it has a leader and every other member streams from it. */
    public fun start(): PatroniCluster = PatroniCluster.launch(
        PatroniClusterConfig(
            members, synchronousMode, ttl, loopWait, retryTimeout, maximumLagOnFailover, settings.toMap(), startupTimeout, osUser,
            HaTools.postgresBinDir(postgresBinDir), HaTools.executable("patroni", patroni), HaTools.executable("etcd", etcd),
        ),
    )
}

/** Everything a builder collected, for [PatroniCluster.launch]. */
internal class PatroniClusterConfig(
    val members: Int,
    val synchronousMode: Boolean,
    val ttl: Duration,
    val loopWait: Duration,
    val retryTimeout: Duration,
    val maximumLagOnFailover: Long,
    val settings: Map<String, String>,
    val startupTimeout: Duration,
    val osUser: String,
    val postgresBinDir: Path,
    val patroni: Path,
    val etcd: Path,
) {
    /** Patroni's cluster name (`scope`): the etcd key prefix. */
    val scope: String get() = "databridge"
}
