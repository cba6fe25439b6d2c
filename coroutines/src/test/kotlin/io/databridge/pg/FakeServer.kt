package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException
import io.kotest.assertions.throwables.shouldThrow
import kotlinx.coroutines.withTimeout
import java.io.DataInputStream
import java.io.DataOutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.seconds

/**
 * A one-connection fake server: reads the StartupMessage, then lets [script] answer. Closed by [close]. With [tls]
 * it first accepts the SSLRequest and runs the rest of the session over TLS with that server context.
 */
internal class FakeServer(
    private val tls: SSLContext? = null,
    private val script: (DataInputStream, DataOutputStream) -> Unit,
) : AutoCloseable {
    private val server = ServerSocket(0, 1, InetAddress.getLoopbackAddress())
    val port: Int get() = server.localPort
    private var client: Socket? = null

    private val worker = thread(isDaemon = true, name = "fake-pg") {
        runCatching {
            server.accept().use { plain ->
                client = plain
                val socket = if (tls == null) plain else startTls(plain, tls)
                val input = DataInputStream(socket.getInputStream())
                val output = DataOutputStream(socket.getOutputStream())
                val length = input.readInt()
                input.readFully(ByteArray(length - 4))
                script(input, output)
                output.flush()
            }
        }
    }

    val url: String get() = "postgresql://fake@127.0.0.1:$port/db?sslmode=${if (tls == null) "disable" else "require"}&connect_timeout=5"

    private fun startTls(plain: Socket, context: SSLContext): Socket {
        plain.getInputStream().readNBytes(8) // the SSLRequest
        plain.getOutputStream().apply { write('S'.code); flush() }
        return (context.socketFactory.createSocket(plain, null, plain.port, true) as SSLSocket).apply {
            useClientMode = false
            startHandshake()
        }
    }

    override fun close() {
        runCatching { client?.close() }
        server.close()
        worker.join(5000)
    }
}

internal fun DataOutputStream.message(tag: Char, body: ByteArray = ByteArray(0)) {
    writeByte(tag.code)
    writeInt(body.size + 4)
    write(body)
}

internal fun DataOutputStream.ready() {
    message('R', byteArrayOf(0, 0, 0, 0))
    message('Z', byteArrayOf('I'.code.toByte()))
    flush()
}

/** The failure of connecting to [server], with [settings] (`key=value&…`) added to its URL. */
internal suspend fun connectFailure(server: FakeServer, settings: String = ""): DataBridgeException =
    withTimeout(10.seconds) {
        shouldThrow<DataBridgeException> { PgConnection.connect(if (settings.isEmpty()) server.url else "${server.url}&$settings") }
    }
