package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.NotificationEvent.Listening
import io.databridge.pg.NotificationEvent.Received
import io.databridge.pg.NotificationEvent.Reconnected
import io.databridge.pg.errors.ConnectionClosedException
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** A running collector of one [PgListener.listen] flow; its events, then null once the flow ended (or its failure). */
private class Subscription(val job: Job, private val events: Channel<NotificationEvent>) {
    suspend fun next(): NotificationEvent = withTimeout(10.seconds) { events.receive() }

    suspend fun nextPayload(): String = (next() as Received).notification.payload

    /** Null when nothing arrives within [wait]. */
    suspend fun nothingWithin(wait: kotlin.time.Duration): NotificationEvent? = withTimeoutOrNull(wait) { events.receive() }

    /** How the flow ended: null when it completed normally. */
    suspend fun end(): Throwable? = withTimeout(10.seconds) { events.receiveCatching().exceptionOrNull() }
}

private suspend fun CoroutineScope.subscribe(listener: PgListener, vararg channels: String): Subscription {
    val events = Channel<NotificationEvent>(Channel.UNLIMITED)
    val job = launch {
        try {
            listener.listen(*channels).collect { events.send(it) }
            events.close()
        } catch (e: ConnectionClosedException) {
            events.close(e)
        } catch (e: NotificationOverflowException) {
            events.close(e)
        }
    }
    val subscription = Subscription(job, events)
    subscription.next() shouldBe Listening(channels.toSet())
    return subscription
}

class PgListenerSpec : FunSpec({
    val url = SharedPostgres.server.url()
    val fast = ListenerSettings(reconnectInitialDelay = 50.milliseconds, reconnectMaxDelay = 400.milliseconds, livenessCheckInterval = 50.milliseconds)

    test("two subscribers of one channel both receive, subscribers of other channels only theirs") {
        PgListener.connect(url).use { listener ->
            PgConnection.connect(url).use { sender ->
                coroutineScope {
                    val first = subscribe(listener, "orders")
                    val second = subscribe(listener, "orders")
                    val other = subscribe(listener, "invoices", "Mixed\$Case_1")
                    sender.notify("orders", "o-1")
                    sender.notify("invoices", "i-1")
                    sender.notify("Mixed\$Case_1", "m-1")
                    first.nextPayload() shouldBe "o-1"
                    second.nextPayload() shouldBe "o-1"
                    val received = other.next().shouldBeInstanceOf<Received>().notification
                    received.channel shouldBe "invoices"
                    received.payload shouldBe "i-1"
                    received.processId shouldBe sender.backendPid
                    other.nextPayload() shouldBe "m-1"
                    first.nothingWithin(300.milliseconds).shouldBeNull()
                    listener.serverChannels() shouldContainExactlyInAnyOrder listOf("orders", "invoices", "Mixed\$Case_1")
                    coroutineContext[Job]!!.children.forEach { it.cancelAndJoin() }
                }
            }
        }
    }

    test("the session UNLISTENs a channel when its last subscriber leaves, not before") {
        PgListener.connect(url).use { listener ->
            PgConnection.connect(url).use { sender ->
                coroutineScope {
                    val first = subscribe(listener, "jobs")
                    val second = subscribe(listener, "jobs", "audit")
                    first.job.cancelAndJoin()
                    eventually(5.seconds) { listener.serverChannels() shouldContainExactlyInAnyOrder listOf("jobs", "audit") }
                    sender.notify("jobs", "still")
                    second.nextPayload() shouldBe "still"
                    second.job.cancelAndJoin()
                    listener.serverChannels() shouldBe emptyList()
                    val third = subscribe(listener, "jobs")
                    listener.serverChannels() shouldBe listOf("jobs")
                    sender.notify("jobs", "again")
                    third.nextPayload() shouldBe "again"
                    third.job.cancelAndJoin()
                }
            }
        }
    }

    test("payloads with quotes, semicolons and unicode arrive unchanged, sent by either side") {
        val payloads = listOf("it's a \"test\"; DROP TABLE x; --", "\$1 \$\$ \\' \\n", "Grüße 東京 🐘", "")
        PgListener.connect(url).use { listener ->
            PgConnection.connect(url).use { sender ->
                coroutineScope {
                    val subscription = subscribe(listener, "payloads")
                    for (payload in payloads) sender.notify("payloads", payload)
                    for (payload in payloads) subscription.nextPayload() shouldBe payload
                    listener.notify("payloads", payloads[0])
                    subscription.nextPayload() shouldBe payloads[0]
                    subscription.job.cancelAndJoin()
                }
            }
        }
    }

    test("a terminated listener backend is replaced: marker, channels LISTENed again, delivery resumes") {
        PgListener.connect(url, settings = fast).use { listener ->
            PgConnection.connect(url).use { admin ->
                coroutineScope {
                    val a = subscribe(listener, "events")
                    val b = subscribe(listener, "events", "other")
                    val oldPid = listener.backendPid
                    admin.query("SELECT pg_terminate_backend($1)", oldPid).rows.single().getBoolean(0) shouldBe true
                    a.next() shouldBe Reconnected
                    b.next() shouldBe Reconnected
                    listener.backendPid shouldNotBe oldPid
                    listener.serverChannels() shouldContainExactlyInAnyOrder listOf("events", "other")
                    admin.notify("events", "after")
                    admin.notify("other", "after-other")
                    a.nextPayload() shouldBe "after"
                    b.nextPayload() shouldBe "after"
                    b.nextPayload() shouldBe "after-other"
                    a.job.cancelAndJoin()
                    b.job.cancelAndJoin()
                }
            }
        }
    }

    test("a subscriber joining while the listener reconnects is confirmed once the new session LISTENs") {
        val slow = fast.copy(reconnectInitialDelay = 1.seconds, reconnectMaxDelay = 2.seconds)
        PgListener.connect(url, settings = slow).use { listener ->
            PgConnection.connect(url).use { admin ->
                coroutineScope {
                    val early = subscribe(listener, "queue")
                    admin.query("SELECT pg_terminate_backend($1)", listener.backendPid)
                    eventually(5.seconds) { listener.backendPid shouldBe 0 }
                    val late = subscribe(listener, "queue", "late_only")
                    early.next() shouldBe Reconnected
                    listener.serverChannels() shouldContainExactlyInAnyOrder listOf("queue", "late_only")
                    admin.notify("queue", "both")
                    early.nextPayload() shouldBe "both"
                    late.nextPayload() shouldBe "both"
                    admin.notify("late_only", "late")
                    late.nextPayload() shouldBe "late"
                    early.nothingWithin(200.milliseconds).shouldBeNull()
                    early.job.cancelAndJoin()
                    late.job.cancelAndJoin()
                }
            }
        }
    }

    test("after giving up reconnecting, the flows fail with a typed error and the listener is closed") {
        var connects = 0
        val listener = PgListener.open(fast.copy(maxReconnectAttempts = 2)) {
            if (connects++ == 0) PgConnection.connect(url) else throw ConnectionClosedException("test: server unreachable")
        }
        listener.use {
            PgConnection.connect(url).use { admin ->
                coroutineScope {
                    val subscription = subscribe(listener, "doomed")
                    admin.query("SELECT pg_terminate_backend($1)", listener.backendPid)
                    val failure = subscription.end().shouldBeInstanceOf<ConnectionClosedException>()
                    failure.message shouldContain "after 2 attempts"
                    connects shouldBe 3
                    shouldThrow<ConnectionClosedException> { listener.listen("doomed").toList() }
                }
            }
        }
    }

    test("close ends every flow normally; listening or notifying afterwards fails") {
        val listener = PgListener.connect(url)
        coroutineScope {
            val a = subscribe(listener, "one")
            val b = subscribe(listener, "two")
            listener.close()
            a.end().shouldBeNull()
            b.end().shouldBeNull()
            a.job.join()
        }
        shouldThrow<ConnectionClosedException> { listener.listen("one").toList() }
        shouldThrow<ConnectionClosedException> { listener.notify("one", "x") }
        listener.close()
    }

    test("a subscriber that falls behind its buffer fails with a typed error; the others keep receiving") {
        PgListener.connect(url, settings = ListenerSettings(subscriberBufferCapacity = 2)).use { listener ->
            PgConnection.connect(url).use { sender ->
                coroutineScope {
                    val gate = CompletableDeferred<Unit>()
                    val slowEvents = Channel<Any>(Channel.UNLIMITED)
                    val slow = launch {
                        try {
                            listener.listen("burst").collect { event ->
                                slowEvents.send(event)
                                gate.await()
                            }
                        } catch (e: NotificationOverflowException) {
                            slowEvents.send(e)
                        }
                    }
                    withTimeout(10.seconds) { slowEvents.receive() } shouldBe Listening(setOf("burst"))
                    val fast = subscribe(listener, "burst")
                    // Each one is taken by the prompt subscriber before the next is sent, so only the slow one falls behind.
                    repeat(5) {
                        sender.notify("burst", "n$it")
                        fast.nextPayload() shouldBe "n$it"
                    }
                    gate.complete(Unit)
                    val seen = withTimeout(10.seconds) { List(3) { slowEvents.receive() } }
                    seen.take(2).map { (it as Received).notification.payload } shouldBe listOf("n0", "n1")
                    seen[2].shouldBeInstanceOf<NotificationOverflowException>().message shouldContain "2 notifications behind"
                    slow.join()
                    sender.notify("burst", "later")
                    fast.nextPayload() shouldBe "later"
                    listener.serverChannels() shouldBe listOf("burst")
                    fast.job.cancelAndJoin()
                }
            }
        }
    }

    test("names that cannot be an identifier are refused before reaching the server") {
        val hostile = listOf(
            "",
            "nul\u0000byte",
            "x".repeat(64),
            "ü".repeat(32),
            "lone\uD800surrogate",
        )
        PgListener.connect(url).use { listener ->
            PgConnection.connect(url).use { sender ->
                for (name in hostile) {
                    shouldThrow<InvalidChannelNameException> { listener.listen(name) }
                    shouldThrow<InvalidChannelNameException> { listener.listen("ok", name) }
                    shouldThrow<InvalidChannelNameException> { listener.notify(name, "p") }
                    shouldThrow<InvalidChannelNameException> { sender.notify(name, "p") }
                }
                shouldThrow<InvalidChannelNameException> { listener.listen() }
                shouldThrow<InvalidChannelNameException> { listener.listen("x".repeat(64)) }.message shouldContain "64 bytes long"
                listener.serverChannels() shouldBe emptyList()
                coroutineScope {
                    val longest = "y".repeat(63)
                    val subscription = subscribe(listener, longest)
                    sender.notify(longest, "fits")
                    subscription.nextPayload() shouldBe "fits"
                    subscription.job.cancelAndJoin()
                }
            }
        }
    }

    test("any name PostgreSQL accepts as a quoted identifier is a channel, kept exactly as given") {
        val names = listOf("a\"; DROP TABLE x; --", "Has Space", "O'Reilly", "kanal_ü", "größe", "1starts_with_digit")
        PgListener.connect(url).use { listener ->
            PgConnection.connect(url).use { sender ->
                coroutineScope {
                    for (name in names) {
                        val subscription = subscribe(listener, name)
                        sender.notify(name, "to $name")
                        subscription.nextPayload() shouldBe "to $name"
                        listener.serverChannels() shouldContain name
                        subscription.job.cancelAndJoin()
                    }
                }
            }
        }
    }
})
