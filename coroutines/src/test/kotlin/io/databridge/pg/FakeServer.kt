package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException
import io.kotest.assertions.throwables.shouldThrow
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import java.io.DataInputStream
import java.io.DataOutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.seconds

/**
 * A scripted PostgreSQL-speaking server for protocol tests: it reads each client's StartupMessage, then lets [script]
 * answer, given the 0-based number of the session. A CancelRequest is read, handed to [onCancel] with its 0-based
 * number (by default it is ignored) and its socket closed; it takes no session number. It accepts [connections]
 * sockets (later ones stay in the backlog) and closes every socket on [close]. With [tls] each session first accepts
 * the SSLRequest and then runs over TLS with that server context.
 */
internal class FakeServer(
    private val connections: Int = 1,
    private val tls: SSLContext? = null,
    private val onCancel: (cancel: Int) -> Unit = {},
    private val script: (connection: Int, input: DataInputStream, output: DataOutputStream) -> Unit,
) : AutoCloseable {
    /** A one-connection server running [script], over TLS with [tls] when given. */
    constructor(tls: SSLContext? = null, script: (DataInputStream, DataOutputStream) -> Unit) :
        this(1, tls, script = { _, input, output -> script(input, output) })

    private val server = ServerSocket(0, 8, InetAddress.getLoopbackAddress())
    val port: Int get() = server.localPort
    private val clients = CopyOnWriteArrayList<Socket>()
    private val workers = CopyOnWriteArrayList<Thread>()

    private val sessions = AtomicInteger()
    private val cancelCount = AtomicInteger()

    /** How many CancelRequests arrived so far. */
    val cancels: Int get() = cancelCount.get()

    private val acceptor = thread(isDaemon = true, name = "fake-pg") {
        runCatching {
            repeat(connections) {
                val socket = server.accept()
                clients += socket
                workers += thread(isDaemon = true, name = "fake-pg-$it") { serve(socket) }
            }
        }
    }

    private fun serve(plain: Socket) {
        runCatching {
            val socket = if (tls == null) plain else startTls(plain, tls)
            socket.use {
                val input = DataInputStream(socket.getInputStream())
                val output = DataOutputStream(socket.getOutputStream())
                val packet = ByteArray(input.readInt() - 4)
                input.readFully(packet)
                if (packet.size >= 4 && DataInputStream(packet.inputStream()).readInt() == CANCEL_REQUEST_CODE) {
                    onCancel(cancelCount.getAndIncrement())
                    return@use
                }
                script(sessions.getAndIncrement(), input, output)
                output.flush()
            }
        }
    }

    private companion object {
        const val CANCEL_REQUEST_CODE = 80877102
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
        for (client in clients) runCatching { client.close() }
        server.close()
        acceptor.join(5000)
        for (worker in workers) worker.join(5000)
    }
}

/** The failure of connecting to [server], with [settings] (`key=value&…`) added to its URL. */
internal suspend fun connectFailure(server: FakeServer, settings: String = ""): DataBridgeException =
    withTimeout(10.seconds) {
        shouldThrow<DataBridgeException> { PgConnection.connect(if (settings.isEmpty()) server.url else "${server.url}&$settings") }
    }

/** Writes one backend message. */
internal fun DataOutputStream.message(tag: Char, body: ByteArray = ByteArray(0)) {
    writeByte(tag.code)
    writeInt(body.size + 4)
    write(body)
}

/** AuthenticationOk and ReadyForQuery(idle): a startup that needs no password. */
internal fun DataOutputStream.ready() {
    message('R', byteArrayOf(0, 0, 0, 0))
    message('Z', byteArrayOf('I'.code.toByte()))
    flush()
}

/** AuthenticationOk, BackendKeyData (so the client can send a CancelRequest) and ReadyForQuery(idle). */
internal fun DataOutputStream.readyWithCancelKey() {
    message('R', byteArrayOf(0, 0, 0, 0))
    message('K', body(4242, 777))
    message('Z', byteArrayOf('I'.code.toByte()))
    flush()
}

/** Reads one frontend message (after the startup): its tag and body. */
internal fun DataInputStream.frontendMessage(): Pair<Char, ByteArray> {
    val tag = readUnsignedByte().toChar()
    val body = ByteArray(readInt() - 4)
    readFully(body)
    return tag to body
}

/** Reads frontend messages up to and including the next Sync; returns their tags in order. */
internal fun DataInputStream.untilSync(): List<Char> {
    val tags = ArrayList<Char>()
    do {
        val (tag, _) = frontendMessage()
        tags += tag
    } while (tag != 'S')
    return tags
}

/** The body of a message: [parts] of Int (4 bytes), Short (2), String (NUL-terminated UTF-8) or ByteArray (as is). */
internal fun body(vararg parts: Any): ByteArray {
    val out = java.io.ByteArrayOutputStream()
    val data = DataOutputStream(out)
    for (part in parts) {
        when (part) {
            is Int -> data.writeInt(part)
            is Short -> data.writeShort(part.toInt())
            is String -> {
                data.write(part.toByteArray())
                data.writeByte(0)
            }
            is ByteArray -> data.write(part)
            else -> error("unsupported part ${part::class}")
        }
    }
    return out.toByteArray()
}

/** An ErrorResponse with [sqlState] and [text], then ReadyForQuery(idle): how a failed (e.g. cancelled) request ends. */
internal fun DataOutputStream.answerError(sqlState: String, text: String) {
    message('E', body(byteArrayOf('S'.code.toByte()), "ERROR", byteArrayOf('C'.code.toByte()), sqlState, byteArrayOf('M'.code.toByte()), text, byteArrayOf(0)))
    message('Z', byteArrayOf('I'.code.toByte()))
    flush()
}

/** Answers one Parse/Describe/Sync unit (a prepare): no parameters, one text column named `v`. */
internal fun DataOutputStream.answerPrepare() {
    message('1')
    message('t', body(0.toShort()))
    message('T', body(1.toShort(), "v", 0, 0.toShort(), 25, (-1).toShort(), -1, 0.toShort()))
    message('Z', byteArrayOf('I'.code.toByte()))
    flush()
}

/** Answers one Bind/Execute/Sync unit with one DataRow per entry of [rows] (each a list of column values). */
internal fun DataOutputStream.answerExecute(rows: List<List<String>>) {
    message('2')
    for (row in rows) {
        val parts = ArrayList<Any>()
        parts += row.size.toShort()
        for (value in row) {
            val bytes = value.toByteArray()
            parts += bytes.size
            parts += bytes
        }
        message('D', body(*parts.toTypedArray()))
    }
    message('C', body("SELECT ${rows.size}"))
    message('Z', byteArrayOf('I'.code.toByte()))
    flush()
}

/**
 * A session whose first query never ends: ready with a cancel key, the prepare answered, the execution read and never
 * answered (CancelRequests are ignored); returns once the client closes the connection.
 */
internal fun DataOutputStream.neverAnswerFirstQuery(input: DataInputStream) {
    readyWithCancelKey()
    input.untilSync()
    answerPrepare()
    input.untilSync()
    input.read()
}

/** Serves one query after another: each prepare gets one text column `v`, each execution the rows [rows]. */
internal fun DataOutputStream.serveQueries(input: DataInputStream, rows: List<List<String>>) {
    while (true) {
        val unit = input.untilSync()
        if ('P' in unit) answerPrepare() else answerExecute(rows)
    }
}

/** Polls [condition] on a short interval until it holds; fails after [seconds]. */
internal suspend fun eventually(seconds: Int, condition: () -> Boolean) {
    withTimeout(seconds.seconds) {
        while (!condition()) delay(10)
    }
}
