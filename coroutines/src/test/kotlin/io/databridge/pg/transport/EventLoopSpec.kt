package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeTypeOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlin.coroutines.EmptyCoroutineContext

class EventLoopSpec : FunSpec({
    test("coroutines dispatched to a loop run on its single thread; no dispatch is needed from inside") {
        EventLoopGroup(1, "el-spec").use { group ->
            val loop = group.loops.single()
            loop.isDispatchNeeded(EmptyCoroutineContext) shouldBe true
            val threads = coroutineScope {
                (1..200).map {
                    async(Dispatchers.Default) {
                        withContext(loop) {
                            loop.inLoop shouldBe true
                            loop.isDispatchNeeded(EmptyCoroutineContext) shouldBe false
                            Thread.currentThread()
                        }
                    }
                }.awaitAll()
            }
            threads.toSet().size shouldBe 1
            threads[0].isDaemon shouldBe true
        }
    }

    test("tasks from many threads all run, none lost, in per-producer order") {
        EventLoopGroup(1, "el-order").use { group ->
            val loop = group.loops.single()
            val seen = Array(4) { ArrayList<Int>() }
            val done = java.util.concurrent.CountDownLatch(4 * 10_000)
            val producers = (0 until 4).map { p ->
                Thread { repeat(10_000) { i -> loop.execute { seen[p] += i; done.countDown() } } }.apply { start() }
            }
            producers.forEach { it.join() }
            done.await(10, java.util.concurrent.TimeUnit.SECONDS) shouldBe true
            seen.forEach { it shouldBe (0 until 10_000).toList() }
        }
    }

    test("a group hands out its loops round-robin") {
        EventLoopGroup(3, "el-rr").use { group ->
            val picks = (1..6).map { group.next() }
            picks shouldBe group.loops + group.loops
        }
        shouldThrow<IllegalArgumentException> { EventLoopGroup(0) }
    }

    test("closing the group closes open transports with ConnectionClosedException and cancels late coroutines") {
        val group = EventLoopGroup(1, "el-close")
        PeerServer.echo(unix = false).use { server ->
            val t = NioTransportFactory(group).connect(server.endpoint)
            val collector = Collector()
            withContext(t.eventLoop) { t.bind(collector) }
            group.close()
            withTimeout(5_000) { collector.closed.await() }.shouldBeTypeOf<ConnectionClosedException>()
                .message shouldContain "event loop closed"
            t.isOpen shouldBe false
            group.loops.single().isOpen shouldBe false
            shouldThrow<CancellationException> { withContext(group.loops.single()) { "never" } }
        }
    }
})
