package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.TlsException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import java.nio.ByteBuffer

/** The server's answer to an SSLRequest. */
public enum class SslResponse {
    /** 'S': the server is ready for a TLS handshake on this connection. */
    ACCEPTED,

    /** 'N': the server does not do TLS; the caller continues in plaintext or gives up, per its sslmode. */
    REFUSED,
}

/**
 * Sends an SSLRequest in plaintext and reads the server's one-byte answer. A byte other than 'S'/'N' (e.g. an
 * ErrorResponse from a pre-7.0 server) or any byte after the answer (CVE-2021-23214: injected plaintext) closes the
 * transport and throws [TlsException].
 */
public suspend fun Transport.requestSsl(): SslResponse = withContext(eventLoop) {
    outbound.writeInt(8)
    outbound.writeInt(SSL_REQUEST_CODE)
    requestFlush()
    val answer = suspendCancellableCoroutine { cont -> bind(SingleByteReader(cont, this@requestSsl)) }
    when (answer.toInt().toChar()) {
        'S' -> SslResponse.ACCEPTED
        'N' -> SslResponse.REFUSED
        else -> {
            close()
            throw TlsException("server $peer answered the SSLRequest with byte 0x%02x instead of 'S' or 'N'".format(answer))
        }
    }
}

/**
 * Starts TLS on this transport and returns the encrypted transport once the handshake is done and verified against
 * [host] ([TlsSettings.verification]). Call it right after [requestSsl] answered [SslResponse.ACCEPTED], or on a fresh
 * transport with [TlsSettings.direct]. Failures (verification, handshake, timeout) close the transport and throw
 * [TlsException].
 */
public suspend fun Transport.startTls(context: TlsContext, host: String, port: Int = -1): TlsTransport =
    withContext(eventLoop) {
        val tls = try {
            TlsTransport(this@startTls, context.newEngine(host, port))
        } catch (e: IllegalArgumentException) {
            close()
            throw TlsException("cannot start TLS with $peer: ${e.message}", e)
        }
        tls.beginHandshake()
        try {
            withTimeout(context.settings.handshakeTimeout.toMillis()) { tls.handshakeDone.await() }
        } catch (e: TimeoutCancellationException) {
            close()
            throw TlsException("TLS handshake with $peer timed out after ${context.settings.handshakeTimeout.toMillis()} ms")
        }
        tls
    }

// The SSLRequest code: 1234 in the high 16 bits, 5679 in the low 16 bits.
private const val SSL_REQUEST_CODE = 80877103

// Takes exactly one byte: the reply to the SSLRequest. Extra bytes mean someone injected plaintext.
private class SingleByteReader(
    private val cont: CancellableContinuation<Byte>,
    private val transport: Transport,
) : TransportHandler {
    private var buffer = ByteBuffer.allocate(0)

    override fun receiveBuffer(minFree: Int): ByteBuffer {
        if (buffer.remaining() < minFree) buffer = ByteBuffer.allocate(buffer.position() + minFree).put(buffer.flip())
        return buffer
    }

    override fun onReceived(count: Int) {
        if (buffer.position() == 1 && cont.isActive) {
            cont.resume(buffer.get(0))
        } else {
            val failure = TlsException("server ${transport.peer} sent unexpected bytes after its answer to the SSLRequest")
            if (cont.isActive) cont.resumeWithException(failure)
            transport.close()
        }
    }

    override fun onClosed(cause: ConnectionClosedException) {
        if (cont.isActive) cont.resumeWithException(cause)
    }
}
