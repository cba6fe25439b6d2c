package io.databridge.pg.transport

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.TransportKind
import io.databridge.pg.config.InvalidConfigException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import jdk.net.ExtendedSocketOptions
import java.net.InetAddress
import java.net.ServerSocket
import java.net.StandardSocketOptions
import java.time.Duration

/** Every socket setting takes effect on both transports through one path, or the connection is refused. */
class SocketSettingsSpec : FunSpec({
    val group = EventLoopGroup(1, "socket-settings")
    afterSpec { group.close() }

    for (kind in Kind.entries) {
        test("$kind: with nothing configured a connection has TCP keepalive on; keepalives=0 turns it off") {
            // Plain TCP, so the transport is the socket itself rather than TLS over it.
            val url = SharedPostgres.server.url() + "?sslmode=disable"
            val separator = '&'
            val options = ConnectOptions(transport = TransportKind.valueOf(kind.name))
            PgConnection.connect(url, options).use { c ->
                (c.transport as SocketTransport).networkChannel.getOption(StandardSocketOptions.SO_KEEPALIVE) shouldBe true
            }
            PgConnection.connect("$url${separator}keepalives=0", options).use { c ->
                (c.transport as SocketTransport).networkChannel.getOption(StandardSocketOptions.SO_KEEPALIVE) shouldBe false
            }
            PgConnection.connect("$url${separator}keepalives_idle=45&keepalives_interval=7&keepalives_count=2", options).use { c ->
                val channel = (c.transport as SocketTransport).networkChannel
                channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE) shouldBe 45
                channel.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL) shouldBe 7
                channel.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT) shouldBe 2
            }
        }

        test("$kind: TCP_NODELAY, keepalive and its idle/interval/count reach the socket") {
            ServerSocket(0, 4, InetAddress.getLoopbackAddress()).use { server ->
                kind.factory(group).use { factory ->
                    val options = SocketOptions(
                        keepAliveIdle = Duration.ofSeconds(31), keepAliveInterval = Duration.ofSeconds(6), keepAliveCount = 4,
                    )
                    val transport = factory.connect(Endpoint.Tcp("127.0.0.1", server.localPort), options) as SocketTransport
                    try {
                        val channel = transport.networkChannel
                        channel.getOption(StandardSocketOptions.TCP_NODELAY) shouldBe true
                        channel.getOption(StandardSocketOptions.SO_KEEPALIVE) shouldBe true
                        channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE) shouldBe 31
                        channel.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL) shouldBe 6
                        channel.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT) shouldBe 4
                    } finally {
                        transport.close()
                    }
                }
            }
        }

        test("$kind: keepalives off turns SO_KEEPALIVE off") {
            ServerSocket(0, 4, InetAddress.getLoopbackAddress()).use { server ->
                kind.factory(group).use { factory ->
                    val transport = factory.connect(Endpoint.Tcp("127.0.0.1", server.localPort), SocketOptions(keepAlive = false)) as SocketTransport
                    try {
                        transport.networkChannel.getOption(StandardSocketOptions.SO_KEEPALIVE) shouldBe false
                    } finally {
                        transport.close()
                    }
                }
            }
        }

        test("$kind: tcp_user_timeout, which the JDK cannot set, is refused by name instead of ignored") {
            ServerSocket(0, 4, InetAddress.getLoopbackAddress()).use { server ->
                kind.factory(group).use { factory ->
                    val e = shouldThrow<InvalidConfigException> {
                        factory.connect(Endpoint.Tcp("127.0.0.1", server.localPort), SocketOptions(tcpUserTimeout = Duration.ofSeconds(5)))
                    }
                    e.key shouldBe "tcp_user_timeout"
                    e.message shouldContain "tcp_user_timeout cannot be applied"
                }
            }
        }

        test("$kind: a connection string's tcp_user_timeout is refused, 0 (the system default) is accepted") {
            val url = SharedPostgres.server.url()
            val separator = if ('?' in url) '&' else '?'
            val options = ConnectOptions(transport = TransportKind.valueOf(kind.name))
            shouldThrow<InvalidConfigException> { PgConnection.connect("$url${separator}tcp_user_timeout=5000", options) }
                .key shouldBe "tcp_user_timeout"
            PgConnection.connect("$url${separator}tcp_user_timeout=0&keepalives_idle=40", options).use { c ->
                c.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            }
        }
    }
})
