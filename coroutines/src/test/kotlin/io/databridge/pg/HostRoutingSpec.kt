package io.databridge.pg

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.milliseconds
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlin.time.Duration.Companion.seconds

/** target_session_attrs and load_balance_hosts against a real primary and streaming standbys. */
class HostRoutingSpec : FunSpec({
    lateinit var primary: EmbeddedPostgres
    lateinit var replica: EmbeddedPostgres

    beforeSpec {
        primary = EmbeddedPostgres.start()
        replica = try {
            primary.startReplica()
        } catch (e: Exception) {
            primary.close()
            throw e
        }
    }

    afterSpec {
        try {
            replica.close()
        } finally {
            primary.close()
        }
    }

    fun url(vararg servers: EmbeddedPostgres, options: String): String =
        "postgresql://postgres@" + servers.joinToString(",") { "localhost:${it.port}" } + "/postgres?sslmode=disable" + (if (options.isEmpty()) "" else "&$options")

    /** The port of the server a connection made with [connectionString] lands on. */
    suspend fun landsOn(connectionString: String): Int =
        PgConnection.connect(connectionString).use { it.query("SHOW port").rows.single().getString(0).toInt() }

    test("read-write and primary pick the primary whatever the order of the list") {
        for (attrs in listOf("read-write", "primary")) {
            landsOn(url(replica, primary, options = "target_session_attrs=$attrs")) shouldBe primary.port
            landsOn(url(primary, replica, options = "target_session_attrs=$attrs")) shouldBe primary.port
        }
    }

    test("standby, read-only and prefer-standby pick the standby whatever the order of the list") {
        for (attrs in listOf("standby", "read-only", "prefer-standby")) {
            landsOn(url(primary, replica, options = "target_session_attrs=$attrs")) shouldBe replica.port
            landsOn(url(replica, primary, options = "target_session_attrs=$attrs")) shouldBe replica.port
        }
    }

    test("any takes the first host that answers") {
        landsOn(url(replica, primary, options = "target_session_attrs=any")) shouldBe replica.port
        landsOn(url(primary, replica, options = "target_session_attrs=any")) shouldBe primary.port
    }

    test("no suitable server: a typed failure naming the mismatch") {
        val failure = shouldThrow<TargetSessionMismatchException> {
            PgConnection.connect(url(primary, options = "target_session_attrs=standby"))
        }
        failure.message shouldContain "target_session_attrs=standby"
        failure.message shouldContain "not a standby"
        shouldThrow<TargetSessionMismatchException> {
            PgConnection.connect(url(replica, options = "target_session_attrs=read-write"))
        }.message shouldContain "read-only"
    }

    test("prefer-standby falls back to the primary when the standby is down") {
        val spare = primary.startReplica()
        spare.use { landsOn(url(primary, spare, options = "target_session_attrs=prefer-standby")) shouldBe spare.port }
        landsOn(url(spare, primary, options = "target_session_attrs=prefer-standby&connect_timeout=5")) shouldBe primary.port
        shouldThrow<DataBridgeException> { PgConnection.connect(url(spare, primary, options = "target_session_attrs=standby")) }
    }

    test("load_balance_hosts=random spreads connections over the hosts; disable keeps the order") {
        val random = url(primary, replica, options = "load_balance_hosts=random")
        val seen = (1..30).map { landsOn(random) }.toSet()
        seen shouldContainExactlyInAnyOrder listOf(primary.port, replica.port)
        val ordered = url(primary, replica, options = "load_balance_hosts=disable")
        (1..10).map { landsOn(ordered) }.toSet() shouldBe setOf(primary.port)
    }

    test("load_balance_hosts=random still honours target_session_attrs") {
        val random = url(primary, replica, options = "load_balance_hosts=random&target_session_attrs=read-write")
        (1..10).map { landsOn(random) }.toSet() shouldBe setOf(primary.port)
    }

    test("a listener on a standby reports the server's refusal of LISTEN to its subscriber") {
        PgListener.connect(url(replica, options = "")).use { listener ->
            shouldThrow<PgServerException> { listener.listen("on_standby").toList() }.message shouldContain "LISTEN"
        }
    }

    test("a listener whose reconnection lands on a standby keeps trying and gives up after its attempts") {
        var connects = 0
        val settings = ListenerSettings(reconnectInitialDelay = 20.milliseconds, reconnectMaxDelay = 50.milliseconds, livenessCheckInterval = 20.milliseconds, maxReconnectAttempts = 3)
        PgListener.open(settings) { PgConnection.connect(url(if (connects++ == 0) primary else replica, options = "")) }.use { listener ->
            coroutineScope {
                val events = Channel<Any>(Channel.UNLIMITED)
                val collector = launch {
                    try {
                        listener.listen("moving").collect { events.send(it) }
                    } catch (e: ConnectionClosedException) {
                        events.send(e)
                    }
                }
                withTimeout(10.seconds) { events.receive() } shouldBe NotificationEvent.Listening(setOf("moving"))
                PgConnection.connect(url(primary, options = "")).use { it.query("SELECT pg_terminate_backend($1)", listener.backendPid) }
                val error = withTimeout(20.seconds) { events.receive() }.shouldBeInstanceOf<ConnectionClosedException>()
                error.message shouldContain "after 3 attempts"
                // The channel may hand out a stack-trace-recovered copy; the server's refusal is in the chain.
                generateSequence<Throwable>(error) { it.cause }.any { it is PgServerException } shouldBe true
                collector.join()
            }
            connects shouldBe 4
        }
    }

    // Destroys the pair: keep it last.
    test("after the primary stops and the standby is promoted, read-write finds the new primary") {
        val hosts = url(primary, replica, options = "target_session_attrs=read-write&connect_timeout=5")
        landsOn(hosts) shouldBe primary.port
        PgConnection.connect(url(primary, options = "")).use { it.execute("CREATE TABLE failover_marker(x int)") }
        eventually(10.seconds) {
            PgConnection.connect(url(replica, options = "")).use {
                it.query("SELECT to_regclass('failover_marker') IS NOT NULL").rows.single().getBoolean(0) shouldBe true
            }
        }
        shouldThrow<TargetSessionMismatchException> { PgConnection.connect(url(replica, options = "target_session_attrs=read-write")) }
        primary.close()
        replica.promote()
        landsOn(hosts) shouldBe replica.port
        PgConnection.connect(hosts).use { c ->
            c.execute("INSERT INTO failover_marker VALUES (1)") shouldBe 1L
            c.parameters["in_hot_standby"] shouldBe "off"
        }
        val noStandby = shouldThrow<DataBridgeException> { PgConnection.connect(url(primary, replica, options = "target_session_attrs=standby")) }
        noStandby.suppressed.last().shouldBeInstanceOf<TargetSessionMismatchException>()
    }
})
