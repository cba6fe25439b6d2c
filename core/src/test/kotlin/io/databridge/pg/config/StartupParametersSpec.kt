package io.databridge.pg.config

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.protocol.ByteWriter
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.io.DataInputStream
import java.net.Socket

/**
 * Sends the StartupMessage built from [ConnectionConfig.startupParameters] to a real server and reads the
 * settings back, proving PostgreSQL accepts each parameter as we spell it (search_path as a plain parameter).
 */
class StartupParametersSpec : FunSpec({
    test("parameters come out in protocol order with UTF8 client encoding") {
        val c = parseClean("user=u dbname=d options='-c a=b' fallback_application_name=fb search_path=s")
        c.startupParameters().keys.toList() shouldContainExactly
            listOf("user", "database", "options", "application_name", "client_encoding", "search_path")
        c.startupParameters()["application_name"] shouldBe "fb"
        parseClean("application_name=a fallback_application_name=fb").startupParameters()["application_name"] shouldBe "a"
    }

    test("a real server applies user, database, application_name, options and search_path") {
        val pg = SharedPostgres.server
        val config = parseClean(
            pg.url() + "?application_name=config%20spec&search_path=%22My%20Schema%22,public" +
                "&options=-c%20statement_timeout%3D4s",
        )
        val row = Socket(config.hosts.first().host, config.hosts.first().port).use { socket ->
            socket.soTimeout = 10_000
            val out = socket.getOutputStream()
            val input = DataInputStream(socket.getInputStream().buffered())

            val startup = ByteWriter()
            val len = startup.reserveInt()
            startup.writeInt(config.maxProtocolVersion.code)
            for ((k, v) in config.startupParameters()) {
                startup.writeCString(k)
                startup.writeCString(v)
            }
            startup.writeByte(0)
            startup.patchLength(len)
            out.write(startup.toByteArray())
            out.flush()
            readUntilReady(input)

            val query = ByteWriter()
            query.writeByte('Q'.code)
            val qlen = query.reserveInt()
            query.writeCString(
                "select current_user, current_database(), current_setting('application_name'), " +
                    "current_setting('search_path'), current_setting('statement_timeout'), " +
                    "current_setting('client_encoding')",
            )
            query.patchLength(qlen)
            out.write(query.toByteArray())
            out.flush()
            readUntilReady(input)
        }
        row shouldContainExactly listOf(
            "postgres", "postgres", "config spec", "\"My Schema\",public", "4s", "UTF8",
        )
    }
})

/** Reads backend messages until ReadyForQuery; returns the last DataRow's text columns; fails on ErrorResponse. */
private fun readUntilReady(input: DataInputStream): List<String?> {
    var row: List<String?> = emptyList()
    while (true) {
        val tag = input.readUnsignedByte().toChar()
        val body = ByteArray(input.readInt() - 4)
        input.readFully(body)
        when (tag) {
            'Z' -> return row
            'E' -> error("server error: " + String(body, Charsets.UTF_8).replace('\u0000', ' '))
            'R' -> check(body[3].toInt() == 0) { "expected trust authentication (AuthenticationOk)" }
            'D' -> {
                val data = DataInputStream(body.inputStream())
                row = List(data.readUnsignedShort()) {
                    val n = data.readInt()
                    if (n < 0) null else String(ByteArray(n).also(data::readFully), Charsets.UTF_8)
                }
            }
        }
    }
}
