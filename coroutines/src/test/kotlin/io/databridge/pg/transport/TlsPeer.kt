package io.databridge.pg.transport

import java.io.Closeable
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.security.cert.X509Certificate
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.LinkedBlockingQueue
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket

/**
 * An in-test TLS echo server on a JDK SSLSocket. With [sslRequest] it first expects PostgreSQL's 8-byte SSLRequest
 * and answers [answer] in plaintext (then TLS if the answer starts with 'S'); otherwise TLS starts at the first byte.
 */
class TlsPeer(
    private val context: SSLContext,
    private val sslRequest: Boolean,
    private val needClientAuth: Boolean = false,
    private val alpn: Boolean = false,
    private val answer: ByteArray = byteArrayOf('S'.code.toByte()),
    private val silent: Boolean = false,
) : Closeable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val sockets = CopyOnWriteArrayList<Socket>()
    val port: Int = server.localPort
    val endpoint: Endpoint = Endpoint.Tcp("127.0.0.1", port)

    /** The client certificate chains the server saw, one entry per completed handshake (empty array: none). */
    val clientChains = LinkedBlockingQueue<Array<X509Certificate>>()

    /** Failures the server side saw (handshake errors), for assertions. */
    val failures = LinkedBlockingQueue<Throwable>()

    private val acceptor = Thread {
        try {
            while (true) {
                val plain = server.accept()
                sockets += plain
                Thread { serve(plain) }.apply { isDaemon = true }.start()
            }
        } catch (_: Exception) {
        }
    }.apply { isDaemon = true; start() }

    private fun serve(plain: Socket) {
        try {
            if (silent) {
                plain.getInputStream().readAllBytes()
                return
            }
            if (sslRequest) {
                val request = plain.getInputStream().readNBytes(8)
                check(request.contentEquals(byteArrayOf(0, 0, 0, 8, 4, 0xd2.toByte(), 0x16, 0x2f))) { "not an SSLRequest" }
                plain.getOutputStream().apply { write(answer); flush() }
                if (answer[0] != 'S'.code.toByte() || answer.size > 1) {
                    plain.getInputStream().readAllBytes()
                    return
                }
            }
            val tls = context.socketFactory.createSocket(plain, "127.0.0.1", port, true) as SSLSocket
            tls.useClientMode = false
            tls.needClientAuth = needClientAuth
            if (alpn) tls.sslParameters = tls.sslParameters.apply { applicationProtocols = arrayOf("postgresql") }
            tls.startHandshake()
            clientChains += runCatching { tls.session.peerCertificates.map { it as X509Certificate }.toTypedArray() }
                .getOrDefault(emptyArray())
            val input = tls.inputStream
            val output = tls.outputStream
            val buf = ByteArray(16 * 1024)
            while (true) {
                val n = input.read(buf)
                if (n < 0) break
                output.write(buf, 0, n)
                output.flush()
            }
        } catch (e: Exception) {
            failures += e
        } finally {
            plain.close()
        }
    }

    override fun close() {
        server.close()
        sockets.forEach { it.close() }
        acceptor.join(2000)
    }
}
