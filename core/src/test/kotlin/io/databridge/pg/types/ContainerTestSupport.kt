package io.databridge.pg.types

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.protocol.ByteWriter
import io.kotest.matchers.shouldBe
import java.nio.charset.StandardCharsets
import java.sql.Connection
import java.sql.DriverManager

/** The built-in registry with every container built on it. */
internal fun containerRegistry(): TypeRegistry = TypeRegistry.withBuiltins()

/** The session settings the server-side checks run under (the specs SET the same on their connections). */
internal class TestContext(override val registry: TypeRegistry) : CodecContext {
    private val parameters = mapOf("DateStyle" to "ISO, MDY", "IntervalStyle" to "postgres", "TimeZone" to "UTC")

    override fun serverParameter(name: String): String? = parameters[name]
}

internal fun <T : Any> PgCodec<T>.binary(value: T, ctx: CodecContext): ByteArray = ByteWriter(16).also { encodeBinary(value, it, ctx) }.toByteArray()

internal fun <T : Any> PgCodec<T>.text(value: T, ctx: CodecContext): String =
    String(ByteWriter(16).also { encodeText(value, it, ctx) }.toByteArray(), StandardCharsets.UTF_8)

internal fun PgCodec<*>.fromBinary(bytes: ByteArray, ctx: CodecContext): Any = decodeBinary(bytes, 0, bytes.size, ctx)

internal fun PgCodec<*>.fromText(text: String, ctx: CodecContext): Any {
    // Decode from the middle of a larger buffer, as rows are decoded in place.
    val bytes = ("xx" + text + "yy").toByteArray(StandardCharsets.UTF_8)
    return decodeText(bytes, 2, bytes.size - 4, ctx)
}

internal fun bytesOf(spacedHex: String): ByteArray = spacedHex.replace(" ", "").chunked(2).map { it.toInt(16).toByte() }.toByteArray()

internal fun ByteArray.hex(): String = joinToString("") { "%02x".format(it) }

/** A pgjdbc connection to the shared embedded server, opened on first use, for checking our bytes against PostgreSQL's own. */
internal class ServerConnection : AutoCloseable {
    private val lazyConnection = lazy { DriverManager.getConnection(SharedPostgres.server.jdbcUrl()) }
    val connection: Connection by lazyConnection

    override fun close() {
        if (lazyConnection.isInitialized()) lazyConnection.value.close()
    }
}

internal fun Connection.bytes(sql: String, vararg params: Any?): ByteArray = prepareStatement(sql).use { st ->
    params.forEachIndexed { i, p -> st.setObject(i + 1, p) }
    st.executeQuery().use { rs ->
        rs.next()
        rs.getBytes(1)
    }
}

internal fun Connection.string(sql: String, vararg params: Any?): String? = prepareStatement(sql).use { st ->
    params.forEachIndexed { i, p -> st.setObject(i + 1, p) }
    st.executeQuery().use { rs ->
        rs.next()
        rs.getString(1)
    }
}

internal fun Connection.exec(sql: String) {
    createStatement().use { it.execute(sql) }
}

/**
 * Checks one value of a container type both ways against the server: the send function's bytes and the output
 * text decode to the same value, re-encoding that value gives the send function's bytes, and our text, parsed by
 * the server, gives them as well. Arrays are compared as [PgArray]s so lower bounds take part.
 */
internal fun Connection.checkRoundTrip(codec: PgCodec<*>, ctx: CodecContext, sqlType: String, sendFunction: String, literal: String): Any {
    @Suppress("UNCHECKED_CAST")
    val c = codec as PgCodec<Any>
    val sent = bytes("SELECT $sendFunction(?::$sqlType)", literal)
    val serverText = string("SELECT ?::$sqlType::text", literal)!!.toByteArray()
    val fromBinary = if (c is ArrayCodec) c.decodeBinaryArray(sent, 0, sent.size, ctx) else c.fromBinary(sent, ctx)
    val fromText = if (c is ArrayCodec) c.decodeTextArray(serverText, 0, serverText.size, ctx) else c.decodeText(serverText, 0, serverText.size, ctx)
    // Compared with equals, under which NaN equals NaN.
    fromText shouldEqualValue fromBinary
    c.binary(fromBinary, ctx).hex() shouldBe sent.hex()
    bytes("SELECT $sendFunction(?::$sqlType)", c.text(fromBinary, ctx)).hex() shouldBe sent.hex()
    return fromBinary
}
