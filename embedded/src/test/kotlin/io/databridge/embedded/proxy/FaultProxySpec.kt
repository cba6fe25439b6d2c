package io.databridge.embedded.proxy

import io.databridge.embedded.SharedPostgres
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.comparables.shouldBeGreaterThan
import io.kotest.matchers.comparables.shouldBeGreaterThanOrEqualTo
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.IOException
import java.net.ConnectException
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketTimeoutException
import java.sql.Connection
import java.sql.DriverManager
import java.sql.SQLException
import java.time.Duration
import java.util.Properties

/** pgjdbc through [proxy]; [socketTimeoutSeconds] bounds every read. */
private fun connectThrough(proxy: FaultProxy, socketTimeoutSeconds: Int = 10): Connection {
    val props = Properties()
    props["user"] = SharedPostgres.server.superuser
    props["sslmode"] = "disable"
    props["connectTimeout"] = "5"
    props["socketTimeout"] = socketTimeoutSeconds.toString()
    return DriverManager.getConnection("jdbc:postgresql://${proxy.host}:${proxy.port}/postgres", props)
}

private fun Connection.single(sql: String): String =
    createStatement().use { st -> st.executeQuery(sql).use { rs -> rs.next(); rs.getString(1) } }

/** The SQLSTATE pgjdbc gives when the connection breaks under a statement. */
private const val CONNECTION_FAILURE = "08006"

private fun threadsOf(proxy: FaultProxy): List<String> =
    Thread.getAllStackTraces().keys.map { it.name }.filter { it.startsWith(proxy.threadNamePrefix + "-") }

/** Polls [condition] for up to 10 s; the proxy's bookkeeping follows socket events on its own threads. */
private fun eventually(condition: () -> Boolean) {
    val deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos()
    while (!condition() && System.nanoTime() < deadline) Thread.sleep(20)
    condition().shouldBeTrue()
}

class FaultProxySpec : FunSpec({
    val pg = SharedPostgres.server

    test("pgjdbc works through the proxy, and the counters follow the traffic") {
        FaultProxy.start(pg).use { proxy ->
            connectThrough(proxy).use { c ->
                c.single("SELECT 40 + 2") shouldBe "42"
                val stats = proxy.stats()
                stats.accepted shouldBe 1
                stats.open shouldBe 1
                stats.refused shouldBe 0
                stats.bytesToTarget shouldBeGreaterThan 0
                stats.bytesToClient shouldBeGreaterThan 0
                val before = proxy.stats().bytesToClient
                c.single("SELECT repeat('x', 100000)").length shouldBe 100000
                // The proxy counts a chunk after writing it, so the client can hold the last one before it is counted.
                eventually { proxy.stats().bytesToClient - before > 100000 }
            }
            eventually { proxy.stats().open == 0 }
        }
    }

    test("reset breaks current connections with an I/O error; new ones work") {
        FaultProxy.start(pg).use { proxy ->
            connectThrough(proxy).use { c ->
                c.single("SELECT 1") shouldBe "1"
                proxy.reset()
                val e = shouldThrow<SQLException> { c.single("SELECT 1") }
                e.sqlState shouldBe CONNECTION_FAILURE
            }
            proxy.stats().open shouldBe 0
            connectThrough(proxy).use { it.single("SELECT 2") shouldBe "2" }
        }
    }

    test("drop swallows bytes: a query hits pgjdbc's socketTimeout") {
        FaultProxy.start(pg).use { proxy ->
            connectThrough(proxy, socketTimeoutSeconds = 1).use { c ->
                c.single("SELECT 1") shouldBe "1"
                val sentBefore = proxy.stats().bytesToTarget
                proxy.drop()
                val e = shouldThrow<SQLException> { c.single("SELECT 1") }
                e.cause.shouldBeInstanceOf<SocketTimeoutException>()
                proxy.stats().bytesToTarget shouldBe sentBefore
            }
        }
    }

    test("drop keeps both sockets open while nothing passes") {
        ServerSocket(0).use { echo ->
            val serving = Thread {
                runCatching { echo.accept().use { s -> s.getInputStream().transferTo(s.getOutputStream()) } }
            }
            serving.isDaemon = true
            serving.start()
            FaultProxy.start("127.0.0.1", echo.localPort).use { proxy ->
                Socket(proxy.host, proxy.port).use { s ->
                    s.soTimeout = 300
                    s.getOutputStream().write(1)
                    s.getInputStream().read() shouldBe 1
                    proxy.drop()
                    s.getOutputStream().write(2)
                    shouldThrow<SocketTimeoutException> { s.getInputStream().read() }
                    proxy.stats().open shouldBe 1
                    proxy.stats().bytesToTarget shouldBe 1
                    proxy.passThrough()
                    s.getOutputStream().write(3)
                    s.getInputStream().read() shouldBe 3
                }
            }
            serving.join(5000)
        }
    }

    test("truncate forwards at most the given bytes, then breaks the connection") {
        FaultProxy.start(pg).use { proxy ->
            connectThrough(proxy).use { c ->
                c.single("SELECT 1") shouldBe "1"
                proxy.truncate(5)
                val e = shouldThrow<SQLException> { c.single("SELECT repeat('x', 100000)") }
                e.sqlState shouldBe CONNECTION_FAILURE
            }
            eventually { proxy.stats().open == 0 }
        }
    }

    test("truncate delivers exactly the allowed bytes before the connection ends") {
        ServerSocket(0).use { greeter ->
            val serving = Thread { greeter.accept().use { it.getOutputStream().write(ByteArray(10_000) { 7 }) } }
            serving.isDaemon = true
            serving.start()
            FaultProxy.start("127.0.0.1", greeter.localPort).use { proxy ->
                proxy.truncate(1000)
                Socket(proxy.host, proxy.port).use { s ->
                    s.soTimeout = 5000
                    var received = 0
                    val buffer = ByteArray(4096)
                    try {
                        while (true) {
                            val n = s.getInputStream().read(buffer)
                            if (n < 0) break
                            received += n
                        }
                    } catch (reset: IOException) {
                        (reset is SocketTimeoutException) shouldBe false
                    }
                    received shouldBe 1000
                }
                proxy.stats().bytesToClient shouldBe 1000
            }
            serving.join(5000)
        }
    }

    test("delay slows a round trip by at least the latency each way") {
        FaultProxy.start(pg).use { proxy ->
            connectThrough(proxy).use { c ->
                c.single("SELECT 1") shouldBe "1"
                val latency = Duration.ofMillis(150)
                proxy.delay(latency)
                val start = System.nanoTime()
                c.single("SELECT 1") shouldBe "1"
                Duration.ofNanos(System.nanoTime() - start) shouldBeGreaterThanOrEqualTo latency.multipliedBy(2)
                proxy.passThrough()
                c.single("SELECT 3") shouldBe "3"
            }
        }
    }

    test("refused connections are closed at once; existing ones keep working") {
        FaultProxy.start(pg).use { proxy ->
            connectThrough(proxy).use { c ->
                proxy.refuseConnections()
                val e = shouldThrow<SQLException> { connectThrough(proxy).close() }
                e.sqlState shouldBe "08001"
                proxy.stats().refused shouldBe 1
                proxy.stats().accepted shouldBe 1
                c.single("SELECT 1") shouldBe "1"
                proxy.refuseConnections(false)
                connectThrough(proxy).use { it.single("SELECT 2") shouldBe "2" }
            }
        }
    }

    test("close stops every thread, breaks open connections, frees the port and may be repeated") {
        val proxy = FaultProxy.start(pg)
        val c = connectThrough(proxy)
        c.use {
            c.single("SELECT 1") shouldBe "1"
            proxy.delay(Duration.ofSeconds(30))
            val sleeping = Thread { runCatching { c.single("SELECT 1") } }
            sleeping.start()
            // Close while the pump holds the query in its delay: close must interrupt it rather than wait 30 s.
            eventually {
                Thread.getAllStackTraces().keys.any { it.name == "${proxy.threadNamePrefix}-1-up" && it.state == Thread.State.TIMED_WAITING }
            }
            threadsOf(proxy).size shouldBe 3
            proxy.close()
            threadsOf(proxy) shouldBe emptyList()
            proxy.stats().open shouldBe 0
            sleeping.join(10_000)
            sleeping.isAlive shouldBe false
        }
        proxy.close()
        shouldThrow<ConnectException> { Socket(proxy.host, proxy.port).close() }
    }

    test("a target that does not answer closes the client's connection") {
        val unused = ServerSocket(0).use { it.localPort }
        FaultProxy.start("127.0.0.1", unused).use { proxy ->
            Socket(proxy.host, proxy.port).use { s ->
                s.soTimeout = 5000
                val end = try { s.getInputStream().read() } catch (reset: IOException) { -1 }
                end shouldBe -1
            }
            eventually { proxy.stats().open == 0 && threadsOf(proxy) == listOf("${proxy.threadNamePrefix}-accept") }
        }
    }

    test("bad settings are refused with the reason") {
        shouldThrow<IllegalArgumentException> { Fault.Delay(Duration.ofMillis(-1)) }.message shouldBe "a delay cannot be negative: PT-0.001S"
        shouldThrow<IllegalArgumentException> { Fault.Truncate(-1) }.message shouldBe "a truncation length cannot be negative: -1"
        shouldThrow<IllegalArgumentException> { FaultProxy.start("127.0.0.1", 0) }.message shouldBe "the target port must be in 1..65535, not 0"
    }
})
