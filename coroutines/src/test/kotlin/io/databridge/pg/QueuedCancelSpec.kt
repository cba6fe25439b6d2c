package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/** Cancelling a request queued behind others: its caller returns at once, nobody else's query is affected. */
class QueuedCancelSpec : FunSpec({
    val url = SharedPostgres.server.url()

    for (kind in TransportKind.entries) {
        val options = ConnectOptions(transport = kind)

        test("$kind: a queued request cancelled behind a long one returns at once and is cancelled at the head") {
            PgConnection.connect(url, options).use { c ->
                val started = System.nanoTime()
                coroutineScope {
                    val head = async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT pg_sleep(1)") }
                    val queued = async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT pg_sleep(30) AS queued_then_cancelled") }
                    val behind = (1..5).map { i ->
                        async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT $1::int4", i).rows.single().getInt(0) }
                    }
                    delay(200)
                    val cancelledAt = System.nanoTime()
                    queued.cancel()
                    queued.join()
                    (System.nanoTime() - cancelledAt) / 1_000_000 shouldBeLessThan 500L
                    head.isCompleted shouldBe false
                    withTimeout(10.seconds) {
                        head.await()
                        behind.awaitAll() shouldBe (1..5).toList()
                    }
                }
                (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 10_000L
                c.query("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30) AS queued_then_cancelled' AND state = 'active'")
                    .rows.single().getLong(0) shouldBe 0L
            }
        }

        test("$kind: cancelling short queued requests never fails the callers queued behind them") {
            PgConnection.connect(url, options).use { c ->
                repeat(20) { round ->
                    coroutineScope {
                        val head = async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT pg_sleep(0.05)") }
                        val queued = async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT $1::int4, pg_sleep(0.001)", round) }
                        val behind = (1..5).map { i ->
                            async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT $1::int4", round * 10 + i).rows.single().getInt(0) }
                        }
                        delay(10)
                        queued.cancel()
                        withTimeout(10.seconds) {
                            head.await()
                            behind.awaitAll() shouldBe (1..5).map { round * 10 + it }
                        }
                    }
                }
                c.query("SELECT 'still usable'").rows.single().getString(0) shouldBe "still usable"
            }
        }
    }
})
