package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import kotlinx.coroutines.CompletableDeferred
import java.io.Closeable
import java.net.InetSocketAddress
import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/** A blocking in-test server over TCP or a Unix socket; each accepted connection runs [session] on its own thread. */
class PeerServer(unix: Boolean, private val session: (SocketChannel) -> Unit) : Closeable {
    private val dir: Path? = if (unix) Files.createTempDirectory("db-sock") else null
    private val server: ServerSocketChannel = if (unix) {
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).apply { bind(UnixDomainSocketAddress.of(dir!!.resolve("s"))) }
    } else {
        ServerSocketChannel.open().apply { bind(InetSocketAddress("127.0.0.1", 0)) }
    }
    private val clients = CopyOnWriteArrayList<SocketChannel>()
    val endpoint: Endpoint = if (unix) Endpoint.Unix(dir!!.resolve("s")) else Endpoint.Tcp("127.0.0.1", (server.localAddress as InetSocketAddress).port)

    private val acceptor = Thread {
        try {
            while (true) {
                val ch = server.accept()
                clients += ch
                Thread {
                    try {
                        session(ch)
                    } catch (_: Exception) {
                    } finally {
                        ch.close()
                    }
                }.apply { isDaemon = true }.start()
            }
        } catch (_: Exception) {
        }
    }.apply { isDaemon = true; start() }

    override fun close() {
        server.close()
        clients.forEach { it.close() }
        acceptor.join(2000)
        dir?.let { d -> Files.deleteIfExists(d.resolve("s")); Files.deleteIfExists(d) }
    }

    companion object {
        /** Echoes every byte back until the client closes. */
        fun echo(unix: Boolean) = PeerServer(unix) { ch ->
            val buf = ByteBuffer.allocate(16 * 1024)
            while (ch.read(buf) >= 0) {
                buf.flip()
                while (buf.hasRemaining()) ch.write(buf)
                buf.clear()
            }
        }
    }
}

/** A handler that collects everything received and records the close. */
class Collector(initial: Int = 1024) : TransportHandler {
    var buffer: ByteBuffer = ByteBuffer.allocate(initial)
    val closed = CompletableDeferred<ConnectionClosedException>()
    private var waitFor = Int.MAX_VALUE
    private var reached = CompletableDeferred<Unit>()
    var callbacks = 0
    val threads = mutableSetOf<Thread>()

    override fun receiveBuffer(minFree: Int): ByteBuffer {
        if (buffer.remaining() < minFree) {
            buffer = ByteBuffer.allocate(maxOf(buffer.capacity() * 2, buffer.position() + minFree)).put(buffer.flip())
        }
        return buffer
    }

    override fun onReceived(count: Int) {
        callbacks++
        threads += Thread.currentThread()
        if (buffer.position() >= waitFor) reached.complete(Unit)
    }

    override fun onClosed(cause: ConnectionClosedException) {
        threads += Thread.currentThread()
        closed.complete(cause)
    }

    /** Suspends until at least [n] bytes arrived in total; call on the transport's loop. */
    suspend fun awaitBytes(n: Int) {
        if (buffer.position() >= n) return
        waitFor = n
        reached = CompletableDeferred()
        reached.await()
    }

    fun bytes(): ByteArray = buffer.array().copyOf(buffer.position())
}

/** The two transport implementations, for specs that run against both. */
enum class Kind {
    NIO, KTOR;

    fun factory(group: EventLoopGroup): TransportFactory = when (this) {
        NIO -> NioTransportFactory(group)
        KTOR -> KtorTransportFactory(group)
    }
}

fun payload(size: Int): ByteArray = ByteArray(size) { (it * 31 + it / 251).toByte() }
