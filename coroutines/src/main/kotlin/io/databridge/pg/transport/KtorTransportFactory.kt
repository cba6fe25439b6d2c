package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.ktor.network.selector.Selectable
import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.InetSocketAddress
import io.ktor.network.sockets.UnixSocketAddress
import io.ktor.network.sockets.aSocket
import io.ktor.network.sockets.openReadChannel
import io.ktor.network.sockets.openWriteChannel
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.IOException
import java.net.InetAddress
import java.net.UnknownHostException
import java.nio.channels.NetworkChannel
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.asCoroutineDispatcher

/**
 * Opens [Transport]s over Ktor network sockets (needs `io.ktor:ktor-network-jvm` on the classpath). Handler
 * callbacks still run on a loop of [group]; Ktor's own [SelectorManager] pumps the sockets on two daemon threads of
 * this factory, both stopped by [close]. Socket options are applied to the NIO channel under Ktor's socket by the
 * same [SocketConfigurer] as on NIO.
 */
public class KtorTransportFactory(private val group: EventLoopGroup) : TransportFactory {
    // Ktor's selector loop blocks a thread in select(); on Dispatchers.IO it took one of the pool's workers, which the
    // sockets' reader and writer coroutines (on Dispatchers.IO by Ktor's own choice) then kept waking and parking.
    // On threads of its own a query over Ktor cost a third less CPU (docs/benchmarks.md, round 20). The second thread
    // runs whatever else Ktor dispatches to the selector's context while the first is blocked.
    private val pump = Executors.newFixedThreadPool(2) { r -> Thread(r, "data-bridge-ktor-${threads.incrementAndGet()}").apply { isDaemon = true } }
    private val selector = SelectorManager(pump.asCoroutineDispatcher())

    override suspend fun connect(endpoint: Endpoint, options: SocketOptions): Transport {
        val loop = group.next()
        return when (endpoint) {
            is Endpoint.Unix -> connectTo(loop, UnixSocketAddress(endpoint.path.toString()), endpoint, options)
            is Endpoint.Tcp -> {
                val addresses = withContext(Dispatchers.IO) {
                    try {
                        InetAddress.getAllByName(endpoint.host)
                    } catch (e: UnknownHostException) {
                        throw ConnectFailedException("could not resolve host \"${endpoint.host}\"", e)
                    }
                }
                var failure: DataBridgeException? = null
                for (address in addresses) {
                    try {
                        val target = InetSocketAddress(address.hostAddress, endpoint.port)
                        return connectTo(loop, target, endpoint, options)
                    } catch (e: ConnectFailedException) {
                        failure = e.also { failure?.let(it::addSuppressed) }
                    } catch (e: ConnectTimeoutException) {
                        failure = e.also { failure?.let(it::addSuppressed) }
                    }
                }
                throw failure!!
            }
        }
    }

    /** Closes Ktor's selector and stops its threads; transports still open fail with [ConnectionClosedException]. */
    override fun close() {
        selector.close()
        pump.shutdown()
    }

    private suspend fun connectTo(
        loop: EventLoop,
        address: io.ktor.network.sockets.SocketAddress,
        endpoint: Endpoint,
        options: SocketOptions,
    ): Transport {
        val timeout = options.connectTimeout.toMillis()
        val socket = try {
            withTimeout(timeout) {
                aSocket(selector).tcp().connect(address)
            }
        } catch (e: TimeoutCancellationException) {
            throw endpoint.connectTimeout(timeout)
        } catch (e: IOException) {
            throw ConnectFailedException("could not connect to $endpoint ($address): ${e.message}", e)
        }
        if (endpoint is Endpoint.Tcp) {
            try {
                SocketConfigurer.configureTcp(tcpChannel(socket), options)
            } catch (e: Exception) {
                socket.close()
                throw e
            }
        }
        return KtorTransport(
            loop, socket, socket.openReadChannel(), socket.openWriteChannel(autoFlush = false), options, endpoint.toString(),
        )
    }
}

private val threads = AtomicInteger()

/** The NIO channel under a Ktor socket, so socket options take the same path as on the NIO transport. */
internal fun tcpChannel(socket: io.ktor.network.sockets.Socket): NetworkChannel =
    (socket as? Selectable)?.channel as? NetworkChannel
        ?: throw ConnectFailedException("the Ktor socket exposes no NIO channel, so its socket options cannot be applied")
