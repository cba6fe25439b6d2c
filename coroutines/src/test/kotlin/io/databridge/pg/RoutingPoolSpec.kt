package io.databridge.pg

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.proxy.FaultProxy
import io.databridge.pg.errors.PgServerException
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * A routing pool on an embedded primary and two streaming replicas. Each replica is reached through a fault proxy,
 * which stops it for the pool (existing connections reset, new ones refused) and starts it again.
 */
class RoutingPoolSpec : FunSpec({
    lateinit var primary: EmbeddedPostgres
    lateinit var replicaA: EmbeddedPostgres
    lateinit var replicaB: EmbeddedPostgres
    lateinit var proxyA: FaultProxy
    lateinit var proxyB: FaultProxy
    val servers = ArrayList<AutoCloseable>()

    beforeSpec {
        primary = EmbeddedPostgres.start().also(servers::add)
        replicaA = primary.startReplica().also(servers::add)
        replicaB = primary.startReplica().also(servers::add)
        proxyA = FaultProxy.start(replicaA).also(servers::add)
        proxyB = FaultProxy.start(replicaB).also(servers::add)
    }

    afterSpec {
        for (server in servers.reversed()) runCatching { server.close() }
    }

    val options = PgRoutingPoolOptions(checkInterval = 100.milliseconds, checkTimeout = 2.seconds)

    fun url(vararg ports: Int, extra: String = ""): String =
        "postgresql://postgres@" + ports.joinToString(",") { "localhost:$it" } + "/postgres?sslmode=disable&connect_timeout=5$extra"

    fun routingPool(routing: PgRoutingPoolOptions = options): PgRoutingPool = PgRoutingPool.create(
        url(primary.port, replicaB.port, extra = "&target_session_attrs=read-write"),
        listOf(url(proxyA.port), url(proxyB.port)),
        routing,
    )

    /** The server port each of [times] reads lands on. */
    suspend fun readPorts(pool: PgRoutingPool, times: Int = 20): Set<Int> =
        (1..times).map { pool.reads.query("SHOW port").rows.single().getString(0).toInt() }.toSet()

    suspend fun awaitEligible(pool: PgRoutingPool, count: Int) {
        eventually(20.seconds) { pool.replicaStates().count { it.isEligible } shouldBe count }
    }

    fun stop(proxy: FaultProxy) {
        proxy.refuseConnections(true)
        proxy.reset()
    }

    fun restart(proxy: FaultProxy) {
        proxy.refuseConnections(false)
    }

    test("writes and transactions run on the primary; reads, read-only blocks and read-only transactions on the replicas") {
        routingPool().use { pool ->
            awaitEligible(pool, 2)
            pool.query("SHOW port").rows.single().getString(0).toInt() shouldBe primary.port
            pool.execute("CREATE TABLE routed(x int)")
            pool.transaction { tx -> tx.query("SELECT pg_is_in_recovery()").rows.single().getBoolean(0) } shouldBe false
            readPorts(pool) shouldContainExactlyInAnyOrder listOf(replicaA.port, replicaB.port)
            pool.readOnly { pool.query("SELECT pg_is_in_recovery()").rows.single().getBoolean(0) } shouldBe true
            pool.transaction(readOnly = true) { tx ->
                tx.query("SHOW transaction_read_only").rows.single().getString(0) shouldBe "on"
                pool.query("SELECT pg_is_in_recovery()").rows.single().getBoolean(0)
            } shouldBe true
            pool.readOnly { pool.transaction { pool.query("SELECT pg_is_in_recovery()").rows.single().getBoolean(0) } } shouldBe true
            shouldThrow<PgServerException> { pool.reads.execute("CREATE TABLE routed_on_replica(x int)") }.message shouldContain "read-only"
            pool.execute("DROP TABLE routed")
        }
    }

    test("a stopped replica gets no reads, none fails; with both stopped reads fall back to the primary or fail as configured") {
        routingPool().use { pool ->
            awaitEligible(pool, 2)
            try {
                stop(proxyA)
                readPorts(pool, times = 40) shouldBe setOf(replicaB.port)
                stop(proxyB)
                readPorts(pool) shouldBe setOf(primary.port)
                routingPool(options.copy(fallbackToPrimary = false)).use { strict ->
                    shouldThrow<NoReplicaAvailableException> { strict.reads.query("SELECT 1") }.message shouldContain "no replica is up"
                }
                restart(proxyA)
                awaitEligible(pool, 1)
                readPorts(pool) shouldBe setOf(replicaA.port)
            } finally {
                restart(proxyA)
                restart(proxyB)
            }
            awaitEligible(pool, 2)
            readPorts(pool) shouldContainExactlyInAnyOrder listOf(replicaA.port, replicaB.port)
        }
    }

    test("a replica replaying too far behind gets no reads until it has caught up") {
        routingPool(options.copy(maxReplicaLag = 500.milliseconds)).use { pool ->
            awaitEligible(pool, 2)
            PgConnection.connect(url(replicaA.port)).use { it.query("SELECT pg_wal_replay_pause()") }
            try {
                pool.execute("CREATE TABLE lagging(x int)")
                // pg_wal_replay_pause only asks for a pause; a replica waiting for WAL may still replay what comes
                // next and look caught up. Write until it says it has stopped, so the lag can only grow from here.
                eventually(20.seconds) {
                    pool.execute("INSERT INTO lagging VALUES (1)")
                    PgConnection.connect(url(replicaA.port)).use {
                        it.query("SELECT pg_catalog.pg_get_wal_replay_pause_state()").rows.single().getString(0)
                    } shouldBe "paused"
                }
                eventually(20.seconds) { pool.replicaStates().map { it.isEligible } shouldBe listOf(false, true) }
                // Not "only on B": the lag estimate (time since the last replayed commit while WAL waits to be
                // replayed) can briefly put a healthy replica above a 500 ms limit on a loaded machine, and its reads
                // then fall back to the primary.
                readPorts(pool) shouldNotContain replicaA.port
            } finally {
                PgConnection.connect(url(replicaA.port)).use { it.query("SELECT pg_wal_replay_resume()") }
            }
            awaitEligible(pool, 2)
            pool.execute("DROP TABLE lagging")
        }
    }

    // Destroys the primary: keep it last.
    test("after the primary stops and a replica is promoted, writes go to the new primary and reads go on") {
        routingPool().use { pool ->
            awaitEligible(pool, 2)
            pool.execute("CREATE TABLE failover_routed(x int)")
            eventually(20.seconds) {
                PgConnection.connect(url(replicaB.port)).use {
                    it.query("SELECT to_regclass('failover_routed') IS NOT NULL").rows.single().getBoolean(0) shouldBe true
                }
            }
            primary.close()
            replicaB.promote()
            eventually(30.seconds) { pool.execute("INSERT INTO failover_routed VALUES (1)") shouldBe 1L }
            pool.query("SHOW port").rows.single().getString(0).toInt() shouldBe replicaB.port
            awaitEligible(pool, 2)
            readPorts(pool) shouldContainExactlyInAnyOrder listOf(replicaA.port, replicaB.port)
        }
    }
})
