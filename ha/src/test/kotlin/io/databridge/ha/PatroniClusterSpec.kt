package io.databridge.ha

import io.databridge.embedded.ha.HaToolMissingException
import io.databridge.embedded.ha.PatroniCluster
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.net.ServerSocket
import java.nio.file.Files
import java.nio.file.Paths
import java.sql.DriverManager
import kotlin.time.Duration.Companion.seconds

/** The fixture itself: start, the cluster view, switchover, failover, a PostgreSQL crash, replay pause, sync mode, stop. */
class PatroniClusterSpec : FunSpec({
    fun <T> jdbc(cluster: PatroniCluster, member: String, block: (java.sql.Connection) -> T): T =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:${cluster.port(member)}/postgres?user=postgres&sslmode=disable").use(block)

    fun scalar(cluster: PatroniCluster, member: String, sql: String): String =
        jdbc(cluster, member) { c -> c.createStatement().use { st -> st.executeQuery(sql).use { rs -> rs.next(); rs.getString(1) } } }

    test("the cluster starts with one leader and two streaming replicas, as Patroni's view and the servers agree") {
        val cluster = SharedCluster.healthy()
        val view = cluster.view()
        view.members.map { it.name } shouldContainExactlyInAnyOrder cluster.members
        view.members.map { it.port } shouldContainExactlyInAnyOrder cluster.ports
        val leader = view.leader!!
        scalar(cluster, leader.name, "SELECT pg_is_in_recovery()") shouldBe "f"
        view.replicas shouldHaveSize 2
        for (replica in view.replicas) scalar(cluster, replica.name, "SELECT pg_is_in_recovery()") shouldBe "t"
    }

    test("a switchover moves the leader to the chosen member, and the old leader comes back as a streaming replica") {
        val cluster = SharedCluster.healthy()
        val before = cluster.view().leader!!.name
        val candidate = cluster.view().replicas.first().name
        val change = cluster.switchover(candidate)
        change.from shouldBe before
        change.to shouldBe candidate
        scalar(cluster, candidate, "SELECT pg_is_in_recovery()") shouldBe "f"
        cluster.awaitStreamingReplicas(2)
        cluster.view().member(before)!!.isLeader shouldBe false
    }

    test("a crash of the leader's machine elects another member; the crashed one rejoins as a replica") {
        val cluster = SharedCluster.healthy()
        val change = cluster.failover()
        change.to shouldNotBe change.from
        scalar(cluster, change.to, "SELECT pg_is_in_recovery()") shouldBe "f"
        val view = cluster.awaitStreamingReplicas(2)
        view.leader!!.name shouldBe change.to
        view.member(change.from)!!.isRunning shouldBe true
    }

    test("a crash of the leader's PostgreSQL alone: Patroni restarts it in place and the leader stays") {
        val cluster = SharedCluster.healthy()
        val leader = cluster.view().leader!!.name
        val before = scalar(cluster, leader, "SELECT pg_postmaster_start_time()")
        cluster.killPostgres(leader)
        eventually(60.seconds) { scalar(cluster, leader, "SELECT pg_postmaster_start_time()") shouldNotBe before }
        cluster.awaitStreamingReplicas(2).leader!!.name shouldBe leader
    }

    test("a replica whose replay is paused falls behind, and catches up when resumed") {
        val cluster = SharedCluster.healthy()
        val view = cluster.view()
        val leader = view.leader!!.name
        val replica = view.replicas.first().name
        jdbc(cluster, leader) { c -> c.createStatement().use { it.execute("CREATE TABLE IF NOT EXISTS paused_marker(x int)") } }
        eventually(30.seconds) { scalar(cluster, replica, "SELECT to_regclass('paused_marker') IS NOT NULL") shouldBe "t" }
        cluster.pauseReplay(replica)
        val written = try {
            val lsn = jdbc(cluster, leader) { c ->
                c.createStatement().use { it.execute("INSERT INTO paused_marker VALUES (1)") }
                c.createStatement().use { st -> st.executeQuery("SELECT pg_current_wal_flush_lsn()").use { rs -> rs.next(); rs.getString(1) } }
            }
            // Received, not replayed: the replica has the WAL but its replay stays behind it.
            eventually(30.seconds) { scalar(cluster, replica, "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '$lsn') >= 0") shouldBe "t" }
            scalar(cluster, replica, "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '$lsn') < 0") shouldBe "t"
            scalar(cluster, replica, "SELECT count(*) FROM paused_marker") shouldBe "0"
            lsn
        } finally {
            cluster.resumeReplay(replica)
        }
        eventually(30.seconds) { scalar(cluster, replica, "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '$written') >= 0") shouldBe "t" }
        scalar(cluster, replica, "SELECT count(*) FROM paused_marker") shouldBe "1"
        jdbc(cluster, leader) { c -> c.createStatement().use { it.execute("DROP TABLE paused_marker") } }
    }

    test("synchronous mode on names a synchronous standby; off names none") {
        val cluster = SharedCluster.healthy()
        cluster.setSynchronousMode(true)
        try {
            val sync = cluster.view().replicas.single { it.isSyncStandby }
            scalar(cluster, cluster.view().leader!!.name, "SHOW synchronous_standby_names") shouldContain sync.name
        } finally {
            cluster.setSynchronousMode(false)
        }
        cluster.view().replicas.none { it.isSyncStandby } shouldBe true
    }

    test("bad input: typed errors naming what is wrong") {
        shouldThrow<IllegalArgumentException> { PatroniCluster.builder().members(1) }.message shouldContain "2 to 5"
        shouldThrow<IllegalArgumentException> {
            PatroniCluster.builder().timing(java.time.Duration.ofSeconds(4), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2))
        }.message shouldContain "must not exceed ttl"
        val missing = shouldThrow<HaToolMissingException> { PatroniCluster.builder().patroniBinary(Paths.get("/nonexistent/patroni")).start() }
        missing.tool shouldBe "/nonexistent/patroni"
        missing.message shouldContain "apt-get install"
        shouldThrow<HaToolMissingException> { PatroniCluster.builder().postgresBinDir(Paths.get("/nonexistent")).start() }.message shouldContain "pg_controldata"
        shouldThrow<IllegalArgumentException> { SharedCluster.cluster.port("node9") }.message shouldContain "node1"
    }

    test("close stops every process of a cluster, frees its ports and deletes its directory") {
        val cluster = PatroniCluster.start { members(2) }
        val dir = cluster.directory
        val ports = cluster.ports
        fun processesOf() = ProcessHandle.allProcesses().filter { p ->
            p.info().arguments().map { args -> args.any { it.contains(dir.toString()) } }.orElse(false)
        }.count()
        processesOf() shouldBeGreaterThan 0L
        cluster.close()
        processesOf() shouldBe 0L
        Files.exists(dir) shouldBe false
        for (port in ports) ServerSocket(port).use { it.localPort shouldBe port }
        cluster.close()
    }
})
