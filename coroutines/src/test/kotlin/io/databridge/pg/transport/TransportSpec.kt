package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.ConnectionClosedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainOnly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.ByteBuffer
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

class TransportSpec : FunSpec({
    val group = EventLoopGroup(2, "spec-loop")
    afterSpec { group.close() }

    for (kind in Kind.entries) for (unix in listOf(false, true)) {
        val label = "$kind over ${if (unix) "unix" else "tcp"}"

        test("$label: a large payload is echoed back intact over many reads") {
            PeerServer.echo(unix).use { server ->
                kind.factory(group).use { factory ->
                    val t = factory.connect(server.endpoint)
                    val data = payload(3 * 1024 * 1024 + 17)
                    val collector = Collector()
                    withTimeout(20_000) {
                        withContext(t.eventLoop) {
                            t.bind(collector)
                            var off = 0
                            while (off < data.size) {
                                val n = minOf(64 * 1024, data.size - off)
                                t.outbound.writeBytes(data, off, n)
                                t.requestFlush()
                                t.awaitWritable()
                                off += n
                            }
                            collector.awaitBytes(data.size)
                        }
                    }
                    collector.bytes().contentEquals(data) shouldBe true
                    collector.callbacks shouldBeGreaterThan 1
                    collector.threads shouldContainOnly setOf(withContext(t.eventLoop) { Thread.currentThread() })
                    t.stats.bytesWritten shouldBe data.size.toLong()
                    t.close()
                    withTimeout(5_000) { collector.closed.await() }.message shouldContain "closed by the client"
                    t.isOpen shouldBe false
                }
            }
        }

        test("$label: many writes in one loop pass become one flush") {
            PeerServer.echo(unix).use { server ->
                kind.factory(group).use { factory ->
                    val t = factory.connect(server.endpoint)
                    val collector = Collector()
                    withTimeout(10_000) {
                        withContext(t.eventLoop) {
                            t.bind(collector)
                            repeat(500) { i ->
                                t.outbound.writeInt(i)
                                t.requestFlush()
                            }
                        }
                        withContext(t.eventLoop) { collector.awaitBytes(2000) }
                    }
                    t.stats.flushes shouldBe 1L
                    t.stats.writeCalls shouldBeLessThanOrEqual 2L
                    val got = ByteBuffer.wrap(collector.bytes())
                    (0 until 500).map { got.getInt() } shouldBe (0 until 500).toList()
                    t.close()
                }
            }
        }

        test("$label: a slow reader suspends the writer until the queue drains") {
            val release = CountDownLatch(1)
            var received = 0L
            val server = PeerServer(unix) { ch ->
                release.await(20, TimeUnit.SECONDS)
                val buf = ByteBuffer.allocate(64 * 1024)
                while (true) {
                    val n = ch.read(buf)
                    if (n < 0) break
                    received += n
                    buf.clear()
                }
            }
            server.use {
                kind.factory(group).use { factory ->
                    val options = SocketOptions(writeHighWaterMark = 256 * 1024, writeLowWaterMark = 64 * 1024)
                    val t = factory.connect(server.endpoint, options)
                    val total = 32 * 1024 * 1024
                    var suspensions = 0
                    var maxPending = 0
                    withTimeout(30_000) {
                        coroutineScope {
                            val writer = async(t.eventLoop) {
                                t.bind(Collector())
                                val chunk = payload(32 * 1024)
                                var sent = 0
                                while (sent < total) {
                                    t.outbound.writeBytes(chunk)
                                    t.requestFlush()
                                    sent += chunk.size
                                    maxPending = maxOf(maxPending, t.pendingBytes)
                                    if (t.pendingBytes > options.writeHighWaterMark) suspensions++
                                    t.awaitWritable()
                                }
                            }
                            delay(300)
                            writer.isCompleted shouldBe false
                            release.countDown()
                            writer.await()
                            withContext(t.eventLoop) { while (t.pendingBytes > 0) delay(5) }
                        }
                    }
                    suspensions shouldBeGreaterThan 0
                    maxPending shouldBeGreaterThan options.writeHighWaterMark
                    maxPending.toLong() shouldBeLessThanOrEqual (options.writeHighWaterMark + 32 * 1024).toLong()
                    t.close()
                    withTimeout(5_000) { while (received < total) delay(10) }
                    received shouldBe total.toLong()
                }
            }
        }

        test("$label: the peer closing is reported as ConnectionClosedException") {
            PeerServer(unix) { ch -> ch.write(ByteBuffer.wrap(byteArrayOf(1, 2, 3))) }.use { server ->
                kind.factory(group).use { factory ->
                    val t = factory.connect(server.endpoint)
                    val collector = Collector()
                    withContext(t.eventLoop) { t.bind(collector) }
                    val cause = withTimeout(5_000) { collector.closed.await() }
                    cause.shouldBeInstanceOf<ConnectionClosedException>()
                    cause.message shouldContain "closed by the server"
                    collector.bytes().toList() shouldBe listOf<Byte>(1, 2, 3)
                    t.isOpen shouldBe false
                    shouldThrow<ConnectionClosedException> { withContext(t.eventLoop) { t.awaitWritable() } }
                }
            }
        }
    }

    for (kind in Kind.entries) {
        test("$kind: connecting to a closed port is refused") {
            val port = ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { it.localPort }
            kind.factory(group).use { factory ->
                val e = shouldThrow<ConnectFailedException> { factory.connect(Endpoint.Tcp("127.0.0.1", port)) }
                e.message shouldContain "127.0.0.1:$port"
            }
        }

        test("$kind: connecting to a missing unix socket fails") {
            kind.factory(group).use { factory ->
                shouldThrow<ConnectFailedException> {
                    factory.connect(Endpoint.Unix(java.nio.file.Path.of("/nonexistent/dir/.s.PGSQL.5432")))
                }
            }
        }

        test("$kind: an unresolvable host name fails with ConnectFailedException") {
            kind.factory(group).use { factory ->
                shouldThrow<ConnectFailedException> { factory.connect(Endpoint.Tcp("no-such-host.invalid", 5432)) }
                    .message shouldContain "no-such-host.invalid"
            }
        }

        test("$kind: a listener whose backlog is full makes connect time out") {
            ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { listener ->
                // Fill the accept queue so further SYNs are dropped and a connect can only wait.
                val fillers = (1..8).mapNotNull {
                    try {
                        Socket().apply { connect(InetSocketAddress("127.0.0.1", listener.localPort), 200) }
                    } catch (_: java.io.IOException) {
                        null
                    }
                }
                try {
                    kind.factory(group).use { factory ->
                        val started = System.nanoTime()
                        shouldThrow<ConnectTimeoutException> {
                            factory.connect(
                                Endpoint.Tcp("127.0.0.1", listener.localPort),
                                SocketOptions(connectTimeout = Duration.ofMillis(300)),
                            )
                        }.message shouldContain "timed out after 300 ms"
                        (System.nanoTime() - started) / 1_000_000 shouldBeGreaterThan 250L
                    }
                } finally {
                    fillers.forEach { it.close() }
                }
            }
        }
    }

    test("TCP sockets get TCP_NODELAY and the configured keepalive settings") {
        java.nio.channels.SocketChannel.open().use { ch ->
            val options = SocketOptions(
                keepAliveIdle = Duration.ofSeconds(30), keepAliveInterval = Duration.ofSeconds(5), keepAliveCount = 3,
            )
            SocketConfigurer.configureTcp(ch, options)
            ch.getOption(java.net.StandardSocketOptions.TCP_NODELAY) shouldBe true
            ch.getOption(java.net.StandardSocketOptions.SO_KEEPALIVE) shouldBe true
            ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE) shouldBe 30
            ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL) shouldBe 5
            ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT) shouldBe 3
            SocketConfigurer.configureTcp(ch, SocketOptions(keepAlive = false))
            ch.getOption(java.net.StandardSocketOptions.SO_KEEPALIVE) shouldBe false
        }
    }
})
