package io.databridge.pg.transport

import io.databridge.pg.config.InvalidConfigException
import java.net.SocketOption
import java.net.StandardSocketOptions
import java.nio.channels.NetworkChannel

/**
 * Applies [SocketOptions] to a TCP channel, the same way for every transport: TCP_NODELAY always, keepalive and
 * TCP_USER_TIMEOUT as configured. A setting this JVM cannot apply is refused with [InvalidConfigException] naming it,
 * never silently dropped.
 */
internal object SocketConfigurer {
    // jdk.net.ExtendedSocketOptions is in the jdk.net module, absent from some runtimes: look it up once, reflectively.
    private val keepIdle: SocketOption<Int>? = extended("TCP_KEEPIDLE")
    private val keepInterval: SocketOption<Int>? = extended("TCP_KEEPINTERVAL")
    private val keepCount: SocketOption<Int>? = extended("TCP_KEEPCOUNT")
    private val userTimeout: SocketOption<Int>? = extended("TCP_USER_TIMEOUT")

    fun configureTcp(channel: NetworkChannel, options: SocketOptions) {
        val supported = channel.supportedOptions()
        val keepAliveSettings = if (options.keepAlive) {
            listOfNotNull(
                options.keepAliveIdle?.let { Setting("keepalives_idle", keepIdle, it.seconds.toInt().coerceAtLeast(1)) },
                options.keepAliveInterval?.let { Setting("keepalives_interval", keepInterval, it.seconds.toInt().coerceAtLeast(1)) },
                options.keepAliveCount?.let { Setting("keepalives_count", keepCount, it) },
            )
        } else {
            emptyList()
        }
        val settings = keepAliveSettings + listOfNotNull(
            options.tcpUserTimeout?.let { Setting("tcp_user_timeout", userTimeout, Math.toIntExact(it.toMillis())) },
        )
        // Checked before anything is set, so a refused setting leaves no half-configured socket behind.
        for (setting in settings) {
            if (setting.option == null || setting.option !in supported) {
                throw InvalidConfigException(
                    setting.key,
                    "${setting.key} cannot be applied: this Java runtime offers no such socket option on this system; remove the setting",
                )
            }
        }
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true)
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, options.keepAlive)
        for (setting in settings) channel.setOption(setting.option!!, setting.value)
    }

    private class Setting(val key: String, val option: SocketOption<Int>?, val value: Int)

    @Suppress("UNCHECKED_CAST")
    private fun extended(name: String): SocketOption<Int>? = try {
        Class.forName("jdk.net.ExtendedSocketOptions").getField(name).get(null) as SocketOption<Int>
    } catch (_: ReflectiveOperationException) {
        null
    } catch (_: LinkageError) {
        null
    }
}
