package io.databridge.pg.protocol

/**
 * Writes test bytes by hand: a String contributes its ASCII bytes, an Int one byte (0..255), a ByteArray itself.
 * Lengths are spelled out byte by byte in the tests so the expectations do not reuse the code under test.
 */
internal fun wire(vararg parts: Any): ByteArray {
    val out = java.io.ByteArrayOutputStream()
    for (p in parts) {
        when (p) {
            is String -> out.write(p.toByteArray(Charsets.US_ASCII))
            is Int -> {
                require(p in 0..255) { "byte out of range: $p" }
                out.write(p)
            }
            is ByteArray -> out.write(p)
            else -> error("unsupported part $p")
        }
    }
    return out.toByteArray()
}

/** A big-endian Int32 as four bytes, for lengths too large to spell by hand. */
internal fun int32(v: Int): ByteArray = byteArrayOf((v ushr 24).toByte(), (v ushr 16).toByte(), (v ushr 8).toByte(), v.toByte())

/** The bytes an encoder call writes into a fresh ByteWriter. */
internal fun encoded(block: ByteWriter.() -> Unit): ByteArray = ByteWriter(16).apply(block).toByteArray()

/** Hex dump for readable assertion failures. */
internal fun ByteArray.hex(): String = joinToString(" ") { "%02x".format(it) }

/** Feeds [bytes] to a fresh decoder and drains every complete message. */
internal fun decodeAll(bytes: ByteArray, decoder: BackendDecoder = BackendDecoder()): List<BackendMessage> {
    decoder.feed(bytes)
    return generateSequence { decoder.next() }.toList()
}
