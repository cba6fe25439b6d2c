package io.databridge.embedded.proxy

import io.databridge.embedded.EmbeddedPostgres
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * A TCP proxy on a free loopback port that forwards to [targetHost]:[targetPort] and injects faults for resilience
 * tests: the current [fault] applies to existing and new connections alike, [refuseConnections] turns new ones
 * away, [reset] kills the current ones. Plain threads, two per connection; [close] stops and joins all of them.
 */
public class FaultProxy private constructor(
    /** The host connections are forwarded to. */
    public val targetHost: String,
    /** The port connections are forwarded to. */
    public val targetPort: Int,
) : AutoCloseable {
    private val server = ServerSocket().apply { bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) }
    private val closed = AtomicBoolean()
    private val connections: MutableSet<ProxiedConnection> = ConcurrentHashMap.newKeySet()
    private val threads: MutableSet<Thread> = ConcurrentHashMap.newKeySet()
    private val accepted = AtomicLong()
    private val refused = AtomicLong()
    internal val bytesToTarget = AtomicLong()
    internal val bytesToClient = AtomicLong()

    @Volatile
    private var refusing = false

    @Volatile
    internal var setting: FaultSetting = FaultSetting(Fault.PassThrough, 0)
        private set

    /** The address clients connect to. */
    public val host: String = server.inetAddress.hostAddress

    /** The port clients connect to. */
    public val port: Int = server.localPort

    /** The prefix of the names of all this proxy's threads. */
    internal val threadNamePrefix: String = "fault-proxy-$port"

    /** The fault applied to every connection from now on. */
    public var fault: Fault
        get() = setting.fault
        set(value) = synchronized(this) { setting = FaultSetting(value, setting.generation + 1) }

    init {
        spawn("$threadNamePrefix-accept", ::acceptLoop)
    }

    /** Forwards bytes unchanged again. */
    public fun passThrough() {
        fault = Fault.PassThrough
    }

    /** Holds each chunk for [latency] in each direction (see [Fault.Delay]). */
    public fun delay(latency: Duration) {
        fault = Fault.Delay(latency)
    }

    /** Swallows all bytes and keeps the sockets open (see [Fault.Drop]). */
    public fun drop() {
        fault = Fault.Drop
    }

    /** Forwards [bytes] more bytes per direction and connection, then resets it (see [Fault.Truncate]). */
    public fun truncate(bytes: Long) {
        fault = Fault.Truncate(bytes)
    }

    /** While [refuse] holds, accepted sockets are closed at once instead of being forwarded. */
    @JvmOverloads
    public fun refuseConnections(refuse: Boolean = true) {
        refusing = refuse
    }

    /** Closes every current connection now, both sides, with a TCP reset (SO_LINGER 0). */
    public fun reset() {
        connections.toList().forEach { it.close(abrupt = true) }
    }

    /** The counters right now. */
    public fun stats(): ProxyStats =
        ProxyStats(accepted.get(), refused.get(), connections.size, bytesToTarget.get(), bytesToClient.get())

    /** Stops accepting, resets every connection and waits for all threads to end. Calling it twice is harmless. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        runCatching { server.close() }
        reset()
        val deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos()
        while (true) {
            val thread = threads.firstOrNull() ?: break
            val left = (deadline - System.nanoTime()) / 1_000_000
            if (left <= 0) break
            thread.interrupt()
            thread.join(left)
            // A thread that ended before registering its removal must not keep the loop spinning.
            if (!thread.isAlive) threads.remove(thread)
        }
    }

    override fun toString(): String = "FaultProxy($host:$port -> $targetHost:$targetPort, fault=$fault)"

    internal fun forget(connection: ProxiedConnection) {
        connections.remove(connection)
    }

    /** Starts a tracked daemon thread; [close] joins it. */
    internal fun spawn(name: String, body: () -> Unit) {
        val thread = Thread({
            try {
                body()
            } finally {
                threads.remove(Thread.currentThread())
            }
        }, name)
        thread.isDaemon = true
        threads.add(thread)
        thread.start()
    }

    private fun acceptLoop() {
        while (!closed.get()) {
            val socket = try {
                server.accept()
            } catch (stopped: IOException) {
                return
            }
            if (refusing || closed.get()) {
                if (!closed.get()) refused.incrementAndGet()
                runCatching { socket.close() }
                continue
            }
            val id = accepted.incrementAndGet()
            val connection = ProxiedConnection(this, socket, "$threadNamePrefix-$id")
            connections.add(connection)
            spawn("$threadNamePrefix-$id-up", connection::run)
        }
    }

    /** Starts proxies. */
    public companion object {
        private val JOIN_TIMEOUT: Duration = Duration.ofSeconds(10)

        /** Starts a proxy to [targetHost]:[targetPort] that passes bytes through until told otherwise. */
        @JvmStatic
        public fun start(targetHost: String, targetPort: Int): FaultProxy {
            require(targetPort in 1..65535) { "the target port must be in 1..65535, not $targetPort" }
            return FaultProxy(targetHost, targetPort)
        }

        /** Starts a proxy in front of [postgres]. */
        @JvmStatic
        public fun start(postgres: EmbeddedPostgres): FaultProxy = start(postgres.host, postgres.port)
    }
}

/** A fault and the number of times a fault was set before it, so connections see when it is set anew. */
internal class FaultSetting(val fault: Fault, val generation: Long)
