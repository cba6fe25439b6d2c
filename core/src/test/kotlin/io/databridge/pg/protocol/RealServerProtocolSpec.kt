package io.databridge.pg.protocol

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.config.ProtocolVersion
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.net.Socket

/** A raw socket speaking our encoders and decoder, for checking them against the real server. */
private class RawSession : AutoCloseable {
    val socket = Socket(SharedPostgres.server.host, SharedPostgres.server.port).apply { soTimeout = 20_000 }
    val decoder = BackendDecoder(chunkSize = 256)
    private val out = ByteWriter()

    fun send(block: ByteWriter.() -> Unit) {
        out.reset()
        out.block()
        socket.getOutputStream().write(out.array, 0, out.size)
    }

    /** Reads through the decoder's own receive buffer until [stop] matches a message, which is included. */
    fun readUntil(stop: (BackendMessage) -> Boolean): List<BackendMessage> {
        val messages = ArrayList<BackendMessage>()
        while (true) {
            while (true) {
                val m = decoder.next() ?: break
                messages += m
                if (stop(m)) return messages
            }
            fill()
        }
    }

    fun readUntilReady(): List<BackendMessage> = readUntil { it is ReadyForQuery }

    fun encryptionResponse(request: EncryptionRequest): EncryptionResponse {
        while (true) {
            decoder.nextEncryptionResponse(request)?.let { return it }
            fill()
        }
    }

    private fun fill() {
        val target = decoder.receiveBuffer(1)
        val n = socket.getInputStream().read(target.array(), target.position(), target.remaining())
        check(n > 0) { "server closed the connection" }
        decoder.received(n)
    }

    fun startup(version: ProtocolVersion = ProtocolVersion.V3_0, extra: Map<String, String> = emptyMap()): List<BackendMessage> {
        send { writeStartupMessage(linkedMapOf("user" to "postgres", "database" to "postgres") + extra, version) }
        return readUntilReady()
    }

    override fun close() {
        runCatching { send { writeTerminate() } }
        socket.close()
    }
}

class RealServerProtocolSpec : FunSpec({
    test("startup 3.0 and a multi-statement simple query") {
        RawSession().use { s ->
            val startup = s.startup()
            startup.first() shouldBeSameInstanceAs AuthenticationOk
            startup.filterIsInstance<ParameterStatus>().map { it.name }.contains("server_version") shouldBe true
            startup.filterIsInstance<BackendKeyData>().single().secretKey.size shouldBe 4
            startup.last() shouldBeSameInstanceAs ReadyForQuery.IDLE

            s.send { writeQuery("SELECT 1 AS one, NULL::text AS n, 'héllo'::text AS s; CREATE TEMP TABLE t(x int); INSERT INTO t VALUES (1), (2)") }
            val answer = s.readUntilReady()
            answer.map { it::class.simpleName } shouldContainExactly
                listOf("RowDescription", "DataRow", "CommandComplete", "CommandComplete", "CommandComplete", "ReadyForQuery")
            (answer[0] as RowDescription).fields.map { it.name to it.typeOid } shouldContainExactly listOf("one" to 23, "n" to 25, "s" to 25)
            val row = answer[1] as DataRow
            row.text(0) shouldBe "1"
            row.isNull(1) shouldBe true
            row.text(2) shouldBe "héllo"
            (answer[2] as CommandComplete).rowCount shouldBe 1
            (answer[3] as CommandComplete).tag shouldBe "CREATE TABLE"
            (answer[4] as CommandComplete).rowCount shouldBe 2

            s.send { writeQuery("") }
            s.readUntilReady() shouldContainExactly listOf(EmptyQueryResponse, ReadyForQuery.IDLE)
        }
    }

    test("extended query: Parse, Describe, Bind with binary and NULL parameters, Execute with a row limit, Close") {
        RawSession().use { s ->
            s.startup()
            val params = object : ParameterWriter {
                override fun format(index: Int) = 1
                override fun write(index: Int, out: ByteWriter): Boolean {
                    if (index == 1) return false
                    out.writeInt(41)
                    return true
                }
            }
            s.send {
                writeParse("s1", "SELECT \$1::int4 + 1, \$2::text", intArrayOf(23, 25))
                writeDescribeStatement("s1")
                writeBind("", "s1", 2, params, ALL_BINARY_FORMATS)
                writeExecute("", 0)
                writeSync()
            }
            val answer = s.readUntilReady()
            answer[0] shouldBeSameInstanceAs ParseComplete
            (answer[1] as ParameterDescription).typeOids.toList() shouldBe listOf(23, 25)
            (answer[2] as RowDescription).fields.map { it.typeOid } shouldBe listOf(23, 25)
            answer[3] shouldBeSameInstanceAs BindComplete
            val row = answer[4] as DataRow
            row.valueLength(0) shouldBe 4
            java.nio.ByteBuffer.wrap(row.array, row.valueOffset(0), 4).int shouldBe 42
            row.isNull(1) shouldBe true
            (answer[5] as CommandComplete).tag shouldBe "SELECT 1"
            answer[6] shouldBeSameInstanceAs ReadyForQuery.IDLE

            s.send {
                writeQuery("BEGIN")
                writeParse("", "SELECT generate_series(1, 5)")
                writeBind("p", "", 0, params)
                writeExecute("p", 2)
                writeExecute("p", 0)
                writeClosePortal("p")
                writeCloseStatement("s1")
                writeDescribePortal("p")
                writeSync()
            }
            s.readUntilReady().last() shouldBeSameInstanceAs ReadyForQuery.IN_TRANSACTION
            val cycle = s.readUntilReady()
            cycle.map { it::class.simpleName } shouldContainExactly listOf(
                "ParseComplete", "BindComplete", "DataRow", "DataRow", "PortalSuspended",
                "DataRow", "DataRow", "DataRow", "CommandComplete", "CloseComplete", "CloseComplete",
                "ErrorResponse", "ReadyForQuery",
            )
            (cycle[11] as ErrorResponse).fields['C'] shouldBe "34000"
            cycle.last() shouldBeSameInstanceAs ReadyForQuery.FAILED
        }
    }

    test("errors, notices, notifications") {
        RawSession().use { s ->
            s.startup()
            s.send { writeQuery("SELECT 1/0") }
            val error = s.readUntilReady()
            (error[0] as ErrorResponse).fields['C'] shouldBe "22012"
            (error[0] as ErrorResponse).fields['V'] shouldBe "ERROR"
            s.send { writeQuery("DO \$\$BEGIN RAISE NOTICE 'careful'; END\$\$; LISTEN ch; NOTIFY ch, 'hello'") }
            val answer = s.readUntilReady()
            answer.filterIsInstance<NoticeResponse>().single().fields['M'] shouldBe "careful"
            val note = answer.filterIsInstance<NotificationResponse>().single()
            note.channel shouldBe "ch"
            note.payload shouldBe "hello"
        }
    }

    test("COPY out and in") {
        RawSession().use { s ->
            s.startup()
            s.send { writeQuery("COPY (SELECT generate_series(1, 3)) TO STDOUT") }
            val out = s.readUntilReady()
            out[0] shouldBe CopyOutResponse(0, intArrayOf(0))
            out.filterIsInstance<CopyData>().joinToString("") { String(it.bytes()) } shouldBe "1\n2\n3\n"
            out.contains(CopyDone) shouldBe true
            out.filterIsInstance<CommandComplete>().single().rowCount shouldBe 3

            s.send { writeQuery("CREATE TEMP TABLE c(x int); COPY c FROM STDIN") }
            s.readUntil { it is CopyInResponse }.last() shouldBe CopyInResponse(0, intArrayOf(0))
            s.send {
                writeCopyData("5\n6\n".toByteArray())
                writeCopyDone()
            }
            s.readUntilReady().filterIsInstance<CommandComplete>().single().rowCount shouldBe 2

            s.send { writeQuery("COPY c FROM STDIN") }
            s.readUntil { it is CopyInResponse }
            s.send { writeCopyFail("client gave up") }
            val failed = s.readUntilReady()
            (failed[0] as ErrorResponse).fields['M']!!.contains("client gave up") shouldBe true
        }
    }

    test("protocol 3.2: negotiation, a long cancel key, and a CancelRequest that works") {
        RawSession().use { s ->
            val startup = s.startup(ProtocolVersion.V3_2, mapOf("_pq_.bogus" to "1"))
            val negotiated = startup.first() as NegotiateProtocolVersion
            negotiated.newestMinor shouldBe 2
            negotiated.unrecognizedOptions shouldContainExactly listOf("_pq_.bogus")
            val key = startup.filterIsInstance<BackendKeyData>().single()
            key.secretKey.size shouldBe 32
            s.send { writeQuery("SELECT pg_sleep(30)") }
            Thread.sleep(300)
            Socket(SharedPostgres.server.host, SharedPostgres.server.port).use { cancel ->
                val w = ByteWriter()
                w.writeCancelRequest(key.processId, key.secretKey)
                cancel.getOutputStream().write(w.toByteArray())
                cancel.getInputStream().read() shouldBe -1
            }
            val answer = s.readUntilReady()
            (answer.filterIsInstance<ErrorResponse>().single().fields['C']) shouldBe "57014"
        }
    }

    test("SSLRequest and GSSENCRequest are answered with one byte") {
        RawSession().use { s ->
            s.send { writeGssEncRequest() }
            s.encryptionResponse(EncryptionRequest.GSS) shouldBe EncryptionResponse.REJECTED
            s.send { writeSslRequest() }
            s.encryptionResponse(EncryptionRequest.SSL).shouldBeInstanceOf<EncryptionResponse>()
        }
    }
})
