package io.databridge.dsl.migrate

import java.security.MessageDigest

/**
 * Checksums of migration text. The text is normalized first: a leading byte-order mark is dropped and CRLF / lone CR
 * become LF, so checking a file out on Windows or saving it with a BOM does not turn an applied migration into a
 * "changed" one (flyway#253, sqlx#2659). The digest is SHA-256, stored as `sha256:<hex>`: the tag names the formula,
 * so a future formula can be introduced beside it without every existing history row reading as changed
 * (flyway#2503). A cryptographic digest rather than CRC32 because the checksum is the evidence that an applied file
 * was not edited, and collisions must not be producible by accident.
 */
internal object MigrationChecksum {
    const val ALGORITHM_TAG = "sha256"

    /** The tagged checksum of [text] after normalization. */
    fun of(text: String): String {
        val digest = MessageDigest.getInstance("SHA-256").digest(normalize(text).toByteArray(Charsets.UTF_8))
        return "$ALGORITHM_TAG:" + digest.joinToString("") { "%02x".format(it) }
    }

    /** [text] without a leading BOM and with every line ending as LF. */
    fun normalize(text: String): String = text.removePrefix("\uFEFF").replace("\r\n", "\n").replace('\r', '\n')
}
