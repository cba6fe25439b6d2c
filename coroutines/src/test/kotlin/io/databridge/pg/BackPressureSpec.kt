package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.copy.CopyOutRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/** Memory stays bounded both ways: a slow COPY TO STDOUT collector, and many callers with big parameters. */
class BackPressureSpec : FunSpec({
    val url = SharedPostgres.server.url()

    for (kind in TransportKind.entries) {
        val options = ConnectOptions(transport = kind)

        test("$kind: a slow COPY TO STDOUT collector keeps the bytes read ahead of it bounded") {
            PgConnection.connect(url, options).use { c ->
                val rows = 40_000
                val rowBytes = 1001L // 1000 characters and the newline
                var chunks = 0
                var collected = 0L
                var maxAhead = 0L
                c.copyOut("COPY (SELECT repeat('x', 1000) FROM generate_series(1, $rows)) TO STDOUT").collect { chunk ->
                    chunks++
                    collected += chunk.size
                    // Each CopyData message carries 5 header bytes besides its payload.
                    maxAhead = maxOf(maxAhead, c.transportStats.bytesRead - collected - 5L * chunks)
                    // Sleeping collector: without back-pressure the whole 40 MB arrive meanwhile.
                    if (chunks % 10_000 == 1) delay(300)
                }
                collected shouldBe rows * rowBytes
                maxAhead shouldBeLessThan CopyOutRequest.BUFFER_HIGH + (2L shl 20)
                c.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            }
        }

        test("$kind: stopping a COPY TO STDOUT collection cancels the COPY and the connection stays usable") {
            PgConnection.connect(url, options).use { c ->
                val started = System.nanoTime()
                // A billion rows, streamed as produced: running it to the end would take minutes.
                val first = c.copyOut("COPY (SELECT generate_series(1, 1000000000)) TO STDOUT").take(1000).toList()
                first.size shouldBe 1000
                withTimeout(10.seconds) { c.query("SELECT 'after'").rows.single().getString(0) } shouldBe "after"
                (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 10_000L
                c.query("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT generate_series%' AND state = 'active'")
                    .rows.single().getLong(0) shouldBe 0L
            }
        }

        test("$kind: 10,000 concurrent callers with 64 KB parameters keep the outbound buffer bounded") {
            val marks = options.copy(writeHighWaterMark = 1 shl 20, writeLowWaterMark = 256 shl 10)
            PgConnection.connect(url, marks).use { c ->
                val payload = ByteArray(64 shl 10) { it.toByte() }
                val callers = 10_000
                var maxPending = 0
                coroutineScope {
                    // Sampled on the connection's loop, between its tasks: read from another thread, the buffer's
                    // size and write offset can come from different moments.
                    val sampler = launch(c.dispatcher) {
                        while (isActive) {
                            maxPending = maxOf(maxPending, c.pendingOutboundBytes)
                            delay(1)
                        }
                    }
                    val results = (1..callers).map { i ->
                        async { c.query("SELECT $1::int4, length($2::bytea)", i, payload).rows.single() }
                    }.awaitAll()
                    sampler.cancel()
                    results.forEachIndexed { index, row ->
                        row.getInt(0) shouldBe index + 1
                        row.getInt(1) shouldBe payload.size
                    }
                }
                // Unthrottled, all 640 MB would be queued. A caller passes the gate while the buffer is at or below the
                // mark, so it overshoots by at most the one request written then (measured: 1.11 MB NIO, 1.05 MB Ktor).
                maxPending shouldBeLessThan marks.writeHighWaterMark + 2 * payload.size
                maxPending shouldBeGreaterThan 0
                c.query("SELECT 2").rows.single().getInt(0) shouldBe 2
            }
        }

        test("$kind: a caller cancelled while waiting for write room returns at once and its request is never sent") {
            val marks = options.copy(writeHighWaterMark = 64 shl 10, writeLowWaterMark = 16 shl 10)
            PgConnection.connect(url, marks).use { c -> PgConnection.connect(url, options).use { holder ->
                c.simpleQuery("DROP TABLE IF EXISTS bp_sent; CREATE TABLE bp_sent(label text)")
                holder.query("SELECT pg_advisory_lock(4242)")
                val big = ByteArray(1 shl 20)
                // Prepared now: once the head blocks the backend, a statement still to be prepared would wait
                // behind it before reaching the write gate at all.
                c.query("SELECT length($1::bytea)", ByteArray(0))
                c.execute("INSERT INTO bp_sent VALUES ($1)", "warm-up")
                c.execute("DELETE FROM bp_sent")
                coroutineScope {
                    // The backend reads nothing while it waits for the lock, so 40 MB behind it fill the socket and
                    // the buffer. A lock, not a sleep: on a loaded machine a sleep may end before the checks below.
                    val head = async { c.query("SELECT pg_advisory_lock(4242)") }
                    // Only once the head waits on the server is everything after it held up. A head that is
                    // still being prepared lets the fillers (and the request below) run before it.
                    withTimeout(30.seconds) {
                        while (holder.query(WAITING_FOR_LOCK).rows.single().getLong(0) == 0L) delay(10)
                    }
                    val fillers = (1..40).map { async { c.query("SELECT length($1::bytea)", big).rows.single().getInt(0) } }
                    try {
                        withTimeout(30.seconds) { while (c.pendingOutboundBytes <= marks.writeHighWaterMark) delay(10) }
                    } catch (e: TimeoutCancellationException) {
                        // A rare failure on busy CI machines: say what the connection and the server were doing.
                        val firstDone = fillers.firstOrNull { it.isCompleted }?.let { runCatching { it.await() } }
                        // Bounded: a stuck event loop is one of the explanations this message is for.
                        val loopAnswers = withTimeoutOrNull(5.seconds) { withContext(c.dispatcher) { true } } ?: false
                        val sessions = withTimeoutOrNull(5.seconds) { holder.query(SESSIONS).rows.single().getStringOrNull(0) }
                        throw AssertionError(
                            "the unsent bytes never rose above the mark: pending ${c.pendingOutboundBytes}, " +
                                "written ${c.transportStats.bytesWritten} in ${c.transportStats.writeCalls} writes, open ${c.isOpen}, " +
                                "loop answers $loopAnswers, head done ${head.isCompleted}, " +
                                "fillers done ${fillers.count { it.isCompleted }} (first: $firstDone), sessions: $sessions",
                            e,
                        )
                    }
                    val waiting = launch { c.execute("INSERT INTO bp_sent VALUES ($1)", "cancelled") }
                    val after = async { c.execute("INSERT INTO bp_sent VALUES ($1)", "after") }
                    delay(100)
                    waiting.isCompleted shouldBe false
                    waiting.cancel()
                    withTimeout(30.seconds) { waiting.join() }
                    // The cancelled caller returned while the head still waits on the lock: it did not wait its turn.
                    head.isCompleted shouldBe false
                    holder.query("SELECT pg_advisory_unlock(4242)")
                    withTimeout(30.seconds) {
                        head.await()
                        fillers.awaitAll().forEach { it shouldBe big.size }
                        after.await() shouldBe 1L
                    }
                }
                c.query("SELECT string_agg(label, ',') FROM bp_sent").rows.single().getString(0) shouldBe "after"
            } }
        }
    }

    test("a low-water mark above the high-water mark is refused") {
        shouldThrow<IllegalArgumentException> { ConnectOptions(writeHighWaterMark = 1000, writeLowWaterMark = 2000) }
            .message shouldBe "writeLowWaterMark must be in 0..writeHighWaterMark"
    }
})

/** How many sessions wait for advisory lock 4242. */
/** What each client session is doing, for a failure message. */
private const val SESSIONS = "SELECT string_agg(pid || ' ' || state || ' ' || coalesce(wait_event, '-') || ' ' || left(query, 40), '; ') " +
    "FROM pg_stat_activity WHERE backend_type = 'client backend'"

private const val WAITING_FOR_LOCK = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted"
