package io.databridge.pg.transport

import java.net.SocketOption
import java.net.StandardSocketOptions
import java.nio.channels.NetworkChannel

/** Applies [SocketOptions] to a TCP channel: TCP_NODELAY always, keepalive as configured. */
internal object SocketConfigurer {
    // jdk.net.ExtendedSocketOptions is in the jdk.net module, absent from some runtimes: look it up once, reflectively.
    private val keepIdle: SocketOption<Int>? = extended("TCP_KEEPIDLE")
    private val keepInterval: SocketOption<Int>? = extended("TCP_KEEPINTERVAL")
    private val keepCount: SocketOption<Int>? = extended("TCP_KEEPCOUNT")

    fun configureTcp(channel: NetworkChannel, options: SocketOptions) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true)
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, options.keepAlive)
        if (!options.keepAlive) return
        val supported = channel.supportedOptions()
        options.keepAliveIdle?.let { set(channel, supported, keepIdle, it.seconds.toInt().coerceAtLeast(1)) }
        options.keepAliveInterval?.let { set(channel, supported, keepInterval, it.seconds.toInt().coerceAtLeast(1)) }
        options.keepAliveCount?.let { set(channel, supported, keepCount, it) }
    }

    private fun set(channel: NetworkChannel, supported: Set<SocketOption<*>>, option: SocketOption<Int>?, value: Int) {
        if (option != null && option in supported) channel.setOption(option, value)
    }

    @Suppress("UNCHECKED_CAST")
    private fun extended(name: String): SocketOption<Int>? = try {
        Class.forName("jdk.net.ExtendedSocketOptions").getField(name).get(null) as SocketOption<Int>
    } catch (_: ReflectiveOperationException) {
        null
    } catch (_: LinkageError) {
        null
    }
}
