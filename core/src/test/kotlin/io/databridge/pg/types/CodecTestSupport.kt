package io.databridge.pg.types

import io.databridge.pg.protocol.ByteWriter
import io.kotest.matchers.shouldBe

/** A codec context with the built-in registry and the session settings the suites run under. */
internal class TestCodecContext(
    private val parameters: Map<String, String> = mapOf("DateStyle" to "ISO, MDY", "IntervalStyle" to "postgres", "TimeZone" to "Asia/Kolkata"),
) : CodecContext {
    override val registry: TypeRegistry = TypeRegistry.withBuiltins()

    override fun serverParameter(name: String): String? = parameters[name]
}

internal val ctx = TestCodecContext()

internal fun <T : Any> PgCodec<T>.binary(value: T): ByteArray = ByteWriter(16).also { encodeBinary(value, it, ctx) }.toByteArray()

internal fun <T : Any> PgCodec<T>.text(value: T): String = String(ByteWriter(16).also { encodeText(value, it, ctx) }.toByteArray(), Charsets.UTF_8)

internal fun <T : Any> PgCodec<T>.fromBinary(bytes: ByteArray): T {
    // Decode from the middle of a larger buffer, as rows are decoded in place.
    val buf = byteArrayOf(9, 9) + bytes + byteArrayOf(9)
    return decodeBinary(buf, 2, bytes.size, ctx)
}

internal fun <T : Any> PgCodec<T>.fromText(text: String): T {
    val bytes = text.toByteArray(Charsets.UTF_8)
    val buf = byteArrayOf(9) + bytes + byteArrayOf(9, 9)
    return decodeText(buf, 1, bytes.size, ctx)
}

internal fun hex(s: String): ByteArray = ByteArray(s.length / 2) { s.substring(2 * it, 2 * it + 2).toInt(16).toByte() }

/** Equality by `equals`, under which NaN equals NaN (kotest's shouldBe treats NaN as unequal to itself). */
internal infix fun Any?.shouldEqualValue(expected: Any?) {
    if (this != expected) this shouldBe expected
}
