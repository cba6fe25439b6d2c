package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.pool.PoolClosedException
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope

/** close() ends at once on every type; closeGracefully() lets the work already begun finish first. */
class ClosingSpec : FunSpec({
    val url = SharedPostgres.server.url()

    /** Whether a backend with [pid] still exists on the server. */
    suspend fun backendAlive(pid: Int): Boolean =
        PgConnection.connect(url).use { it.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid).rows.single().getLong(0) == 1L }

    // An abrupt close leaves the backend sleeping until it next writes; end it so that later specs on the shared
    // server do not see a stray `SELECT pg_sleep(30)`.
    suspend fun endOrphan(pid: Int) {
        PgConnection.connect(url).use { it.query("SELECT pg_terminate_backend($1)", pid) }
        eventually(10.seconds) { backendAlive(pid) shouldBe false }
    }

    test("a connection's graceful close answers the calls already made, new SQL included, then ends the session") {
        val c = PgConnection.connect(url)
        val pid = c.backendPid
        val answers = coroutineScope {
            // Each call is handed over before closeGracefully starts; none of the statements is cached yet.
            val calls = (1..20).map { i -> async(start = CoroutineStart.UNDISPATCHED) { c.query("SELECT $1::int + $i", i).rows.single().getInt(0) } }
            c.closeGracefully()
            calls.awaitAll()
        }
        answers shouldBe (1..20).map { it * 2 }
        c.isOpen shouldBe false
        shouldThrow<ConnectionClosedException> { c.query("SELECT 1") }
        eventually(10.seconds) { backendAlive(pid) shouldBe false }
    }

    test("a connection's close fails the calls in flight at once and never suspends") {
        val c = PgConnection.connect(url)
        val failure = coroutineScope {
            val slow = async { runCatching { c.query("SELECT pg_sleep(30)") } }
            eventually(10.seconds) {
                PgConnection.connect(url).use { other ->
                    other.query("SELECT state FROM pg_stat_activity WHERE pid = $1", c.backendPid).rows.single().getString(0) shouldBe "active"
                }
            }
            c.close()
            slow.await().exceptionOrNull()
        }
        failure.shouldBeInstanceOf<ConnectionClosedException>()
        c.isOpen shouldBe false
        endOrphan(c.backendPid)
    }

    test("a pool's graceful close waits for a borrowed connection; its close does not") {
        val gentle = PgPool.create("$url?pool_max_size=2")
        val borrowed = CompletableDeferred<Unit>()
        val release = CompletableDeferred<Unit>()
        coroutineScope {
            val work = async {
                gentle.withConnection { c ->
                    borrowed.complete(Unit)
                    release.await()
                    c.query("SELECT 5").rows.single().getInt(0)
                }
            }
            borrowed.await()
            val closing = async(start = CoroutineStart.UNDISPATCHED) { gentle.closeGracefully() }
            shouldThrow<PoolClosedException> { gentle.query("SELECT 1") }
            release.complete(Unit)
            work.await() shouldBe 5
            closing.await()
        }

        val abrupt = PgPool.create("$url?pool_max_size=2")
        val held = CompletableDeferred<PgConnection>()
        coroutineScope {
            val work = async {
                runCatching {
                    abrupt.withConnection { c ->
                        held.complete(c)
                        c.query("SELECT pg_sleep(30)")
                    }
                }
            }
            val c = held.await()
            abrupt.close()
            work.await().exceptionOrNull().shouldBeInstanceOf<ConnectionClosedException>()
            c.isOpen shouldBe false
            endOrphan(c.backendPid)
        }
        shouldThrow<PoolClosedException> { abrupt.query("SELECT 1") }
    }

    test("a listener's graceful close returns once its connection is closed") {
        val listener = PgListener.connect(url)
        val pid = listener.backendPid
        listener.closeGracefully()
        eventually(10.seconds) { backendAlive(pid) shouldBe false }
        shouldThrow<ConnectionClosedException> { listener.notify("closed_channel") }
    }
})
