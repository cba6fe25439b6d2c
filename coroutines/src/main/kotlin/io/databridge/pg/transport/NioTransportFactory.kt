package io.databridge.pg.transport

import io.databridge.pg.config.InvalidConfigException
import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.net.UnknownHostException
import java.nio.channels.SocketChannel

/**
 * Opens [Transport]s on our own NIO loops (the default): each connection is pinned to one loop of [group].
 * Closing the factory does not close [group], which the caller owns.
 */
public class NioTransportFactory(private val group: EventLoopGroup) : TransportFactory {
    override suspend fun connect(endpoint: Endpoint, options: SocketOptions): Transport {
        val loop = group.next()
        return when (endpoint) {
            is Endpoint.Unix -> connectTo(loop, UnixDomainSocketAddress.of(endpoint.path), endpoint, options)
            is Endpoint.Tcp -> {
                val addresses = resolve(endpoint.host)
                var failure: DataBridgeException? = null
                // Like libpq: try every address the name resolves to, each with the full connect timeout.
                for (address in addresses) {
                    try {
                        return connectTo(loop, InetSocketAddress(address, endpoint.port), endpoint, options)
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

    /** Nothing to release: the loops belong to the group. */
    override fun close() {}

    private suspend fun resolve(host: String): Array<InetAddress> = withContext(Dispatchers.IO) {
        try {
            InetAddress.getAllByName(host)
        } catch (e: UnknownHostException) {
            throw ConnectFailedException("could not resolve host \"$host\"", e)
        }
    }

    private suspend fun connectTo(loop: EventLoop, address: SocketAddress, endpoint: Endpoint, options: SocketOptions): Transport {
        val channel = try {
            if (address is UnixDomainSocketAddress) SocketChannel.open(StandardProtocolFamily.UNIX) else SocketChannel.open()
        } catch (e: IOException) {
            throw ConnectFailedException("could not open a socket for $endpoint: ${e.message}", e)
        }
        val timeout = options.connectTimeout
        try {
            channel.configureBlocking(false)
            if (address !is UnixDomainSocketAddress) SocketConfigurer.configureTcp(channel, options)
            channel.connect(address)
            val transport = NioTransport(loop, channel, options, endpoint.toString())
            withTimeout(timeout.toMillis()) {
                withContext(loop) { transport.finishConnect() }
            }
            return transport
        } catch (e: InvalidConfigException) {
            channel.close()
            throw e
        } catch (e: TimeoutCancellationException) {
            channel.close()
            throw endpoint.connectTimeout(timeout.toMillis())
        } catch (e: IOException) {
            channel.close()
            throw ConnectFailedException("could not connect to $endpoint ($address): ${e.message}", e)
        } catch (e: ConnectionClosedException) {
            channel.close()
            throw ConnectFailedException("could not connect to $endpoint ($address): event loop closed", e)
        }
    }
}
