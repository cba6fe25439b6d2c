package io.databridge.pg.replication

import java.time.Instant

/** A CopyData payload the server sends on a replication stream. */
public sealed class ReplicationFrame {
    /** The server's current end of WAL when it sent the frame. */
    public abstract val walEnd: Lsn

    /** When the server sent the frame. */
    public abstract val sendTime: Instant
}

/** XLogData ('w'): a piece of decoded WAL (one pgoutput message) starting at [dataStart]. */
public class XLogData(
    /** The WAL position the data starts at (0/0 for some pgoutput messages). */
    public val dataStart: Lsn,
    override val walEnd: Lsn,
    override val sendTime: Instant,
    /** The pgoutput message. */
    public val data: ByteArray,
) : ReplicationFrame() {
    override fun toString(): String = "XLogData(dataStart=$dataStart, walEnd=$walEnd, <${data.size} bytes>)"
}

/** Primary keepalive ('k'): the server is alive; [replyRequested] asks for a status update at once. */
public data class PrimaryKeepalive(
    override val walEnd: Lsn,
    override val sendTime: Instant,
    /** Whether the server wants a standby status update now (it is about to time the client out). */
    public val replyRequested: Boolean,
) : ReplicationFrame()

/** Encoding and decoding of the CopyData frames of the streaming replication protocol. */
public object ReplicationFrames {
    /** Decodes a server frame from `bytes[offset, offset + length)`; throws ProtocolException when malformed. */
    @JvmStatic
    public fun decode(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size - offset): ReplicationFrame {
        val r = WireReader(bytes, offset, length, "replication frame")
        return when (val kind = r.byte("kind").toChar()) {
            'w' -> XLogData(r.lsn("data start"), r.lsn("WAL end"), r.timestamp("send time"), r.rest())
            'k' -> PrimaryKeepalive(r.lsn("WAL end"), r.timestamp("send time"), r.byte("reply flag") != 0).also { r.expectEnd() }
            else -> r.fail("unknown frame kind '${kind.printable()}'")
        }
    }

    /**
     * A standby status update ('r'): [written], [flushed] and [applied] positions (each + 1 past the last byte
     * processed, as the protocol asks), the client's clock and whether the server should answer at once.
     */
    @JvmStatic
    public fun statusUpdate(written: Lsn, flushed: Lsn, applied: Lsn, time: Instant, replyRequested: Boolean = false): ByteArray {
        val out = ByteArray(34)
        out[0] = 'r'.code.toByte()
        putLong(out, 1, written.value)
        putLong(out, 9, flushed.value)
        putLong(out, 17, applied.value)
        putLong(out, 25, ReplicationClock.fromInstant(time))
        out[33] = if (replyRequested) 1 else 0
        return out
    }

    private fun putLong(out: ByteArray, at: Int, v: Long) {
        for (i in 0 until 8) out[at + i] = (v ushr (56 - 8 * i)).toByte()
    }
}

internal fun Char.printable(): String = if (code in 0x21..0x7e) toString() else "0x%02x".format(code)
