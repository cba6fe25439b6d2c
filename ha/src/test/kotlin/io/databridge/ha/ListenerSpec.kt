package io.databridge.ha

import io.databridge.pg.ListenerSettings
import io.databridge.pg.NotificationEvent
import io.databridge.pg.PgConnection
import io.databridge.pg.PgListener
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/** A PgListener over all members with target_session_attrs=read-write follows the leader and marks the gap. */
class ListenerSpec : FunSpec({
    val cluster = SharedCluster.healthy()
    val url = cluster.url("read-write", "postgres", "connect_timeout=2")
    val settings = ListenerSettings(reconnectInitialDelay = 50.milliseconds, reconnectMaxDelay = 1.seconds, livenessCheckInterval = 100.milliseconds)

    suspend fun notifyLeader(payload: String) {
        // Sent on whichever member leads now: a NOTIFY reaches only sessions listening on that server.
        PgConnection.connect(url).use { it.query("SELECT pg_notify($1, $2)", "ha_events", payload) }
    }

    test("after a switchover the listener LISTENs on the new leader, says Reconnected, and receives what is sent there") {
        SharedCluster.healthy()
        PgListener.connect(url, settings = settings).use { listener ->
            coroutineScope {
                val events = Channel<NotificationEvent>(Channel.UNLIMITED)
                val collector = launch { listener.listen("ha_events").collect { events.send(it) } }
                withTimeout(20.seconds) { events.receive() } shouldBe NotificationEvent.Listening(setOf("ha_events"))
                notifyLeader("before")
                withTimeout(20.seconds) { events.receive() }.shouldBeInstanceOf<NotificationEvent.Received>().notification.payload shouldBe "before"
                val started = System.nanoTime()
                val change = withContext(Dispatchers.IO) { cluster.switchover() }
                withTimeout(60.seconds) { events.receive() } shouldBe NotificationEvent.Reconnected
                val reconnectedMs = (System.nanoTime() - started) / 1_000_000
                eventually(20.seconds) { notifyLeader("after") }
                withTimeout(20.seconds) { events.receive() }.shouldBeInstanceOf<NotificationEvent.Received>().notification.payload shouldBe "after"
                figure("listener: switchover ${change.from} -> ${change.to}; Reconnected emitted $reconnectedMs ms after the switchover started")
                collector.cancel()
            }
        }
        cluster.awaitStreamingReplicas(2)
    }
})
