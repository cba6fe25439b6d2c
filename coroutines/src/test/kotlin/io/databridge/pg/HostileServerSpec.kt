package io.databridge.pg

import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.ConnectionClosedException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.ProtocolException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

private suspend fun connectFailure(server: FakeServer): DataBridgeException =
    withTimeout(10.seconds) { shouldThrow<DataBridgeException> { PgConnection.connect(server.url) } }

class HostileServerSpec : FunSpec({
    test("garbage instead of a startup answer is a ProtocolException") {
        FakeServer { _, out -> out.write("HTTP/1.1 400 Bad Request\r\n\r\n".toByteArray()) }.use { server ->
            connectFailure(server).shouldBeInstanceOf<ProtocolException>()
        }
    }

    test("a forged huge length is refused from the header alone") {
        FakeServer { input, out ->
            out.writeByte('R'.code)
            out.writeInt(Int.MAX_VALUE)
            out.flush()
            input.read()
        }.use { server -> connectFailure(server).shouldBeInstanceOf<ProtocolException>() }
    }

    test("a truncated message followed by close is a ConnectionClosedException") {
        FakeServer { _, out ->
            out.writeByte('R'.code)
            out.writeInt(8)
            out.writeShort(0)
        }.use { server -> connectFailure(server).shouldBeInstanceOf<ConnectionClosedException>() }
    }

    test("garbage during a query fails it with ProtocolException and closes the connection") {
        FakeServer { input, out ->
            out.ready()
            input.readByte() // the Parse of the first query arrives
            out.write(byteArrayOf('Q'.code.toByte(), 0, 0, 0, 4))
            out.flush()
            input.read()
        }.use { server ->
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url) }
            withTimeout(10.seconds) { shouldThrow<ProtocolException> { connection.query("SELECT 1") } }
            connection.isOpen shouldBe false
            shouldThrow<ConnectionClosedException> { connection.query("SELECT 1") }
            connection.close()
        }
    }

    test("the server closing the socket mid-query fails the request with ConnectionClosedException") {
        FakeServer { input, out ->
            out.ready()
            input.readByte()
        }.use { server ->
            val connection = withTimeout(10.seconds) { PgConnection.connect(server.url) }
            withTimeout(10.seconds) { shouldThrow<ConnectionClosedException> { connection.query("SELECT 1") } }
            shouldThrow<ConnectionClosedException> { connection.simpleQuery("SELECT 1") }
        }
    }

    test("an unsupported authentication method is a typed error") {
        FakeServer { input, out ->
            out.message('R', byteArrayOf(0, 0, 0, 7))
            out.flush()
            input.read()
        }.use { server ->
            connectFailure(server).shouldBeInstanceOf<io.databridge.pg.errors.UnsupportedAuthenticationException>()
        }
    }

    test("a server that never answers the startup hits connect_timeout") {
        FakeServer { input, _ -> input.read() }.use { server ->
            val started = System.nanoTime()
            val failure = withTimeout(10.seconds) {
                shouldThrow<ConnectTimeoutException> { PgConnection.connect(server.url.replace("connect_timeout=5", "connect_timeout=2")) }
            }
            failure.timeoutMillis shouldBe 2000L
            ((System.nanoTime() - started) / 1_000_000 < 5_000) shouldBe true
        }
    }
})
