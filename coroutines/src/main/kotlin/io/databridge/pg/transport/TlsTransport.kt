package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.TlsException
import io.databridge.pg.protocol.ByteWriter
import kotlinx.coroutines.CompletableDeferred
import java.nio.ByteBuffer
import java.security.cert.X509Certificate
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLEngineResult
import javax.net.ssl.SSLEngineResult.HandshakeStatus
import javax.net.ssl.SSLException

/**
 * TLS through the JDK's [SSLEngine] over any [Transport]: it takes the inner transport's byte stream over (binding
 * its own handler) and is itself a [Transport] of plaintext. Created by [startTls].
 *
 * Records are decrypted straight into the buffer of the outer handler (asked for with at least one TLS record of
 * room), so received plaintext is not copied. Outgoing plaintext is encrypted once per loop pass, just before the
 * inner transport flushes.
 */
public class TlsTransport internal constructor(
    private val inner: Transport,
    private val engine: SSLEngine,
) : Transport {
    override val eventLoop: EventLoop get() = inner.eventLoop
    override val outbound: ByteWriter = ByteWriter(8192)
    override val stats: TransportStats get() = inner.stats
    override val peer: String get() = inner.peer
    override val pendingBytes: Int get() = outbound.size + inner.pendingBytes
    override val isOpen: Boolean get() = !closed && inner.isOpen

    /** The server's leaf certificate (for SCRAM-SHA-256-PLUS `tls-server-end-point`), known after the handshake. */
    public val serverCertificate: X509Certificate
        get() = engine.session.peerCertificates[0] as X509Certificate

    /** The negotiated protocol, e.g. `TLSv1.3`. */
    public val protocol: String get() = engine.session.protocol

    /** The ALPN protocol the server selected, or `null` (only `postgresql` is ever offered, with direct TLS). */
    public val applicationProtocol: String? get() = engine.applicationProtocol?.takeIf { it.isNotEmpty() }

    private val packetSize = engine.session.packetBufferSize
    private val appSize = engine.session.applicationBufferSize
    private var netIn: ByteBuffer = ByteBuffer.allocate(packetSize)
    private val netOut: ByteBuffer = ByteBuffer.allocate(packetSize)
    private var plainView: ByteBuffer = ByteBuffer.wrap(outbound.array)
    private val empty: ByteBuffer = ByteBuffer.allocate(0)
    private var handshakeScratch: ByteBuffer? = ByteBuffer.allocate(appSize)
    private var handler: TransportHandler? = null
    private var flushScheduled = false
    @Volatile
    private var closed = false
    internal val handshakeDone = CompletableDeferred<Unit>()

    // Kept private so the ciphertext callbacks are not part of this class's public face.
    private val fromInner = object : TransportHandler {
        override fun receiveBuffer(minFree: Int): ByteBuffer = cipherBuffer(minFree)

        override fun onReceived(count: Int) = cipherReceived()

        override fun onClosed(cause: ConnectionClosedException) = innerClosed(cause)
    }

    private val flusher = object : LoopFlushable {
        override fun flushNow() = wrapPending()
    }

    /** Starts the handshake; loop thread only. Completion or failure is reported through [handshakeDone]. */
    internal fun beginHandshake() {
        inner.bind(fromInner)
        try {
            engine.beginHandshake()
            advanceHandshake()
        } catch (e: SSLException) {
            failHandshake(e)
        }
    }

    override fun bind(handler: TransportHandler) {
        eventLoop.checkInLoop()
        this.handler = handler
        if (!inner.isOpen) {
            handler.onClosed(ConnectionClosedException("connection to $peer is closed"))
        } else if (netIn.position() > 0 && handshakeDone.isCompleted) {
            unwrapApplicationData()
        }
    }

    override fun requestFlush() {
        if (!flushScheduled && !closed) {
            eventLoop.checkInLoop()
            flushScheduled = true
            eventLoop.scheduleFlush(flusher)
        }
    }

    override suspend fun awaitWritable() {
        // Plaintext is encrypted only at the end of a loop pass; count it below now, or writers would never wait.
        if (outbound.size > 0) wrapPending()
        inner.awaitWritable()
    }

    override fun suspendReads(): Unit = inner.suspendReads()

    override fun resumeReads(): Unit = inner.resumeReads()

    private fun wrapPending() {
        flushScheduled = false
        if (closed || outbound.size == 0) return
        var view = plainView
        if (view.array() !== outbound.array) {
            view = ByteBuffer.wrap(outbound.array)
            plainView = view
        }
        view.limit(outbound.size).position(0)
        try {
            while (view.hasRemaining()) wrap(view)
        } catch (e: SSLException) {
            closeWith(ConnectionClosedException("TLS failure on connection to $peer: ${e.message}", TlsException(e.message ?: "TLS failure", e)))
            return
        }
        outbound.reset()
        inner.requestFlush()
    }

    override fun close() {
        if (eventLoop.inLoop) closeGracefully() else eventLoop.execute { closeGracefully() }
    }

    private fun cipherBuffer(minFree: Int): ByteBuffer {
        if (netIn.remaining() < minFree) {
            val grown = ByteBuffer.allocate(maxOf(netIn.capacity() * 2, netIn.position() + minFree))
            netIn.flip()
            grown.put(netIn)
            netIn = grown
        }
        return netIn
    }

    private fun cipherReceived() {
        try {
            if (!handshakeDone.isCompleted) advanceHandshake() else if (handler != null) unwrapApplicationData()
        } catch (e: SSLException) {
            if (!handshakeDone.isCompleted) {
                failHandshake(e)
            } else {
                closeWith(ConnectionClosedException("TLS failure on connection to $peer: ${e.message}", TlsException(e.message ?: "TLS failure", e)))
            }
        }
    }

    private fun innerClosed(cause: ConnectionClosedException) {
        closed = true
        if (!handshakeDone.isCompleted) {
            // Before 17 a server reads a direct ClientHello as a startup packet and hangs up: say so, not just "closed".
            val hint = if (engine.sslParameters.applicationProtocols.isNotEmpty()) {
                " (sslnegotiation=direct needs PostgreSQL 17 or newer; use sslnegotiation=postgres for older servers)"
            } else {
                ""
            }
            handshakeDone.completeExceptionally(TlsException("connection to $peer closed during the TLS handshake$hint", cause))
        }
        handler?.onClosed(cause)
    }

    private fun advanceHandshake() {
        while (true) {
            when (engine.handshakeStatus!!) {
                HandshakeStatus.NEED_WRAP -> {
                    wrap(empty)
                    inner.requestFlush()
                }
                HandshakeStatus.NEED_UNWRAP, HandshakeStatus.NEED_UNWRAP_AGAIN -> {
                    netIn.flip()
                    val result = try {
                        engine.unwrap(netIn, handshakeScratch!!)
                    } finally {
                        netIn.compact()
                    }
                    if (result.status == SSLEngineResult.Status.BUFFER_UNDERFLOW) return
                    if (result.status == SSLEngineResult.Status.CLOSED) throw SSLException("server closed TLS during the handshake")
                }
                HandshakeStatus.NEED_TASK -> {
                    // Certificate checks; a few milliseconds once per connection, so run them here rather than hop.
                    while (true) engine.delegatedTask?.run() ?: break
                }
                HandshakeStatus.FINISHED, HandshakeStatus.NOT_HANDSHAKING -> {
                    finishHandshake()
                    return
                }
            }
        }
    }

    private fun finishHandshake() {
        val scratch = handshakeScratch!!
        handshakeScratch = null
        if (scratch.position() > 0) {
            // A server speaks only after the client's first message; plaintext this early is a protocol breach.
            handshakeDone.completeExceptionally(TlsException("server $peer sent application data during the TLS handshake"))
            closeWith(ConnectionClosedException("server $peer sent application data during the TLS handshake"))
            return
        }
        handshakeDone.complete(Unit)
    }

    private fun failHandshake(e: SSLException) {
        val failure = TlsException("TLS handshake with $peer failed: ${e.message}", e)
        handshakeDone.completeExceptionally(failure)
        closed = true
        inner.close()
    }

    private fun unwrapApplicationData() {
        val h = handler!!
        netIn.flip()
        try {
            while (netIn.hasRemaining() && !closed) {
                val dst = h.receiveBuffer(appSize)
                val result = engine.unwrap(netIn, dst)
                if (result.bytesProduced() > 0) h.onReceived(result.bytesProduced())
                when (result.status!!) {
                    SSLEngineResult.Status.OK -> if (result.handshakeStatus == HandshakeStatus.NEED_WRAP ||
                        result.handshakeStatus == HandshakeStatus.NEED_TASK
                    ) {
                        // TLS 1.3 key update or renegotiation-free post-handshake messages.
                        runPostHandshake()
                    }
                    SSLEngineResult.Status.BUFFER_UNDERFLOW -> return
                    SSLEngineResult.Status.BUFFER_OVERFLOW -> throw SSLException("receive buffer smaller than a TLS record")
                    SSLEngineResult.Status.CLOSED -> {
                        closeWith(ConnectionClosedException("server closed the TLS session on $peer"))
                        return
                    }
                }
            }
        } finally {
            netIn.compact()
        }
    }

    private fun runPostHandshake() {
        while (true) {
            when (engine.handshakeStatus) {
                HandshakeStatus.NEED_TASK -> while (true) engine.delegatedTask?.run() ?: break
                HandshakeStatus.NEED_WRAP -> {
                    wrap(empty)
                    inner.requestFlush()
                }
                else -> return
            }
        }
    }

    // Encrypts from [src] into one record and appends it to the inner transport's outbound buffer.
    private fun wrap(src: ByteBuffer) {
        netOut.clear()
        val result = engine.wrap(src, netOut)
        if (result.status == SSLEngineResult.Status.BUFFER_OVERFLOW) throw SSLException("TLS record larger than the packet buffer")
        if (netOut.position() > 0) inner.outbound.writeBytes(netOut.array(), 0, netOut.position())
    }

    private fun closeGracefully() {
        if (closed) return
        try {
            wrapPending()
            engine.closeOutbound()
            while (!engine.isOutboundDone) wrap(empty)
        } catch (_: SSLException) {
        }
        closed = true
        inner.close()
    }

    private fun closeWith(cause: ConnectionClosedException) {
        if (closed) return
        closed = true
        // Detached first: closing the inner transport reports "closed by the client" to us, and the handler must hear
        // the TLS-level reason (e.g. the server's close_notify) instead.
        val h = handler
        handler = null
        inner.close()
        h?.onClosed(cause)
    }
}
