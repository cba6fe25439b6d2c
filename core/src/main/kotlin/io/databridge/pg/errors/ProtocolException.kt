package io.databridge.pg.errors

/**
 * The bytes received from the server do not form a valid protocol message.
 *
 * [offset] is the position of the offending message in the stream (counted from the first byte the decoder
 * saw), and [tag] its type byte as a character, or `null` when the failure is not tied to one message.
 * A connection that raised this cannot be trusted any more and is closed by the engine.
 */
public class ProtocolException(
    message: String,
    public val offset: Long = -1,
    public val tag: Char? = null,
    cause: Throwable? = null,
) : DataBridgeException(describe(message, offset, tag), cause) {
    private companion object {
        fun describe(message: String, offset: Long, tag: Char?): String = buildString {
            append(message)
            if (tag != null || offset >= 0) {
                append(" (")
                if (tag != null) append("message '").append(printable(tag)).append('\'')
                if (tag != null && offset >= 0) append(", ")
                if (offset >= 0) append("at stream offset ").append(offset)
                append(')')
            }
        }

        fun printable(c: Char): String = if (c.code in 0x21..0x7e) c.toString() else "0x%02x".format(c.code)
    }
}
