package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.SyntaxErrorException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.single
import kotlinx.coroutines.withContext

/** Callers running on the connection's own loop (`withContext(connection.dispatcher)`): no hand-off, same results. */
class LoopDispatcherSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var conn: PgConnection

    beforeSpec { conn = PgConnection.connect(url) }
    afterSpec { conn.close() }

    test("sequential queries on the loop stay on the loop thread and return the right rows") {
        withContext(conn.dispatcher) {
            val loopThread = Thread.currentThread()
            var sum = 0L
            for (i in 1..200) {
                sum += conn.query("SELECT $1::int8 * 2", i.toLong()).rows.single().getLong(0)
                Thread.currentThread() shouldBeSameInstanceAs loopThread
            }
            sum shouldBe (1..200).sumOf { it * 2L }
        }
    }

    test("concurrent callers on the loop are pipelined and each gets its own answer") {
        val answers = withContext(conn.dispatcher) {
            (1..100).map { i -> async { conn.query("SELECT $1::int + 1", i).rows.single().getInt(0) } }.awaitAll()
        }
        answers shouldBe (2..101).toList()
    }

    test("a cancelled caller on the loop gets CancellationException before anything is written") {
        withContext(conn.dispatcher) {
            val written = conn.transportStats.bytesWritten
            val outcome = runCatching {
                coroutineScope {
                    cancel()
                    conn.query("SELECT 1")
                }
            }
            outcome.exceptionOrNull().shouldBeInstanceOf<CancellationException>()
            // Checked before this coroutine suspends again, i.e. before the loop could flush anything encoded.
            conn.pendingOutboundBytes shouldBe 0
            conn.transportStats.bytesWritten shouldBe written
            conn.query("SELECT 8").rows.single().getInt(0) shouldBe 8
        }
    }

    test("a failing query on the loop throws its typed error and the connection stays usable there") {
        withContext(conn.dispatcher) {
            shouldThrow<SyntaxErrorException> { conn.query("SELEC 1") }
            conn.query("SELECT 7").rows.single().getInt(0) shouldBe 7
        }
    }

    test("calls started undispatched in the loop's context on other threads hop to the loop and all succeed") {
        val answers = (1..400).map { i ->
            async(Dispatchers.Default) {
                // Runs on this worker thread up to its first suspension although its context names the loop.
                async(conn.dispatcher, start = CoroutineStart.UNDISPATCHED) {
                    when (i % 4) {
                        0 -> conn.query("SELECT $1::int", i).rows.single().getInt(0)
                        1 -> conn.simpleQuery("SELECT $i").single().rows.single().getInt(0)
                        2 -> conn.stream("SELECT $1::int", i).single().getInt(0)
                        else -> if (conn.executeBatch("SELECT $1::int", listOf(listOf(i))).single() == 1L) i else -i
                    }
                }.await()
            }
        }.awaitAll()
        answers shouldBe (1..400).toList()
        conn.query("SELECT 9").rows.single().getInt(0) shouldBe 9
    }
})
