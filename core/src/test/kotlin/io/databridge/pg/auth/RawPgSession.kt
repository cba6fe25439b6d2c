package io.databridge.pg.auth

import io.databridge.pg.errors.Notice
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.errors.UnsupportedAuthenticationException
import java.io.ByteArrayOutputStream
import java.io.Closeable
import java.io.DataInputStream
import java.io.DataOutputStream
import java.net.InetSocketAddress
import java.net.Socket

/**
 * Test-only: just enough of the v3 protocol over a blocking socket to drive the auth classes against a real
 * server and to collect real ErrorResponse/NoticeResponse fields. The library's own protocol code lives elsewhere.
 */
class RawPgSession(host: String, port: Int) : Closeable {
    private val socket = Socket().apply {
        connect(InetSocketAddress(host, port), 5_000)
        soTimeout = 10_000
    }
    private val input = DataInputStream(socket.getInputStream().buffered())
    private val output = DataOutputStream(socket.getOutputStream().buffered())

    /** The authentication requests the server made, by name, in order. */
    val methods = mutableListOf<String>()

    /** The notices received so far. */
    val notices = mutableListOf<Notice>()

    /** The SCRAM client of the last SASL exchange, to check it completed. */
    var scram: ScramClient? = null
        private set

    /** Sends the startup message and runs authentication until ReadyForQuery; server errors are thrown. */
    fun authenticate(user: String, password: String?, database: String = "postgres") {
        val startup = ByteArrayOutputStream().apply {
            DataOutputStream(this).writeInt(196608)
            for (s in listOf("user", user, "database", database)) write(cString(s))
            write(0)
        }.toByteArray()
        output.writeInt(startup.size + 4)
        output.write(startup)
        output.flush()
        while (true) {
            val (tag, body) = readMessage()
            when (tag) {
                'R' -> onAuthenticationRequest(body, user, password)
                'Z' -> return
            }
        }
    }

    /** Runs [sql] with the simple query protocol; returns the error it raised, or `null`. */
    fun query(sql: String): PgServerException? {
        send('Q', cString(sql))
        var error: PgServerException? = null
        while (true) {
            val (tag, _) = try {
                readMessage()
            } catch (e: PgServerException) {
                error = e
                continue
            }
            if (tag == 'Z') return error
        }
    }

    private fun onAuthenticationRequest(body: ByteArray, user: String, password: String?) {
        val code = readInt(body, 0)
        val data = body.copyOfRange(4, body.size)
        when (code) {
            0 -> methods += "ok"
            3 -> {
                methods += "cleartext"
                send('p', PasswordAuth.cleartext(password) + 0)
            }
            5 -> {
                methods += "md5"
                send('p', PasswordAuth.md5(user, password, data) + 0)
            }
            10 -> {
                val offered = data.decodeToString().split('\u0000').filter { it.isNotEmpty() }
                val client = ScramClient(password, SaslMechanisms.select(offered, null, ChannelBindingMode.PREFER))
                scram = client
                methods += client.mechanism
                val first = client.clientFirstMessage()
                val message = ByteArrayOutputStream()
                message.write(cString(client.mechanism))
                DataOutputStream(message).writeInt(first.size)
                message.write(first)
                send('p', message.toByteArray())
            }
            11 -> send('p', scram!!.handleServerFirst(data))
            12 -> scram!!.verifyServerFinal(data)
            else -> throw UnsupportedAuthenticationException.forRequestCode(code)
        }
    }

    private fun readMessage(): Pair<Char, ByteArray> {
        val tag = input.readUnsignedByte().toChar()
        val body = ByteArray(input.readInt() - 4).also(input::readFully)
        when (tag) {
            'E' -> throw PgServerException.fromFields(fields(body))
            'N' -> notices += Notice(fields(body))
        }
        return tag to body
    }

    private fun fields(body: ByteArray): Map<Char, String> {
        val result = mutableMapOf<Char, String>()
        var i = 0
        while (body[i] != 0.toByte()) {
            val end = (i + 1 until body.size).first { body[it] == 0.toByte() }
            result[body[i].toInt().toChar()] = String(body, i + 1, end - i - 1)
            i = end + 1
        }
        return result
    }

    private fun send(tag: Char, body: ByteArray) {
        output.writeByte(tag.code)
        output.writeInt(body.size + 4)
        output.write(body)
        output.flush()
    }

    override fun close() {
        runCatching { send('X', ByteArray(0)) }
        socket.close()
    }

    private companion object {
        fun cString(s: String) = s.encodeToByteArray() + 0
        fun readInt(b: ByteArray, at: Int) =
            (b[at].toInt() and 0xff shl 24) or (b[at + 1].toInt() and 0xff shl 16) or (b[at + 2].toInt() and 0xff shl 8) or (b[at + 3].toInt() and 0xff)
    }
}
