package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException

/** A LISTEN/NOTIFY channel name was refused before reaching the server. */
public class InvalidChannelNameException(message: String) : DataBridgeException(message)

/**
 * The channel names data-bridge accepts: plain identifiers (`^[A-Za-z_][A-Za-z0-9_$]*$`) of at most 63 bytes, the
 * server's identifier limit beyond which it would silently truncate. They are always sent double-quoted, so the
 * case is kept exactly as given, matching what `pg_notify` receives.
 */
internal object ChannelName {
    private const val MAX_BYTES = 63
    private val PATTERN = Regex("[A-Za-z_][A-Za-z0-9_$]*")

    /** [name] itself when it is acceptable; otherwise a typed failure saying why. */
    fun validate(name: String): String {
        if (name.isEmpty()) throw InvalidChannelNameException("a channel name must not be empty")
        // ASCII only, so the character count is the byte count.
        if (name.length > MAX_BYTES) throw InvalidChannelNameException("channel name of ${name.length} bytes exceeds $MAX_BYTES: ${printable(name)}")
        if (!PATTERN.matches(name)) {
            throw InvalidChannelNameException("channel name ${printable(name)} must match ^[A-Za-z_][A-Za-z0-9_\$]*\$")
        }
        return name
    }

    /** [name], already validated, as a quoted identifier. */
    fun quoted(name: String): String = "\"$name\""

    private fun printable(name: String): String =
        "'" + name.take(MAX_BYTES).map { if (it.code < 0x20 || it.code == 0x7f) '?' else it }.joinToString("") +
            (if (name.length > MAX_BYTES) "…" else "") + "'"
}
