package io.databridge.pg.protocol

import io.databridge.pg.errors.ProtocolException
import java.nio.ByteBuffer
import java.util.Arrays

/**
 * The incremental, sans-I/O decoder of backend messages: bytes go in ([receiveBuffer] + [received], or [feed]),
 * messages come out of [next], which returns `null` while the next message is incomplete. Input may be split at
 * any byte and may hold several messages.
 *
 * Buffering: the decoder owns a receive array that the transport reads into directly. [DataRow] and [CopyData]
 * point into it instead of copying, so a region once handed out is never written again: when the array runs out
 * of room, a new one is allocated and only the incomplete tail moves there (the old array lives on as long as a
 * row refers to it). Only while nothing points into the current array is the tail compacted in place. Growth
 * follows the bytes that have actually arrived, never a declared length, and a message longer than
 * [maxMessageSize] is refused from its header alone.
 *
 * Malformed input raises [ProtocolException] with the message's stream offset and tag; the decoder is then
 * poisoned and every later call rethrows it, because the stream has lost its framing. Not thread-safe: one
 * connection drives it.
 */
public class BackendDecoder(
    /** The largest accepted message, counted like the length field (body + 4). */
    public val maxMessageSize: Int = DEFAULT_MAX_MESSAGE_SIZE,
    /** The size of each receive array; larger only while one message needs more. */
    public val chunkSize: Int = DEFAULT_CHUNK_SIZE,
) {
    init {
        require(maxMessageSize >= MIN_MAX_MESSAGE_SIZE) { "maxMessageSize must be at least $MIN_MAX_MESSAGE_SIZE" }
        require(chunkSize >= 16) { "chunkSize must be at least 16" }
    }

    private var buf = ByteArray(chunkSize)
    private var readPos = 0
    private var writePos = 0

    /** Whether a message handed out points into [buf], which then must never be rewritten. */
    private var shared = false
    private var view: ByteBuffer? = null
    private val reader = BodyReader()
    private val positions = PositionSlab()
    private var failure: ProtocolException? = null

    // The last CommandComplete and its body: a connection mostly repeats the same few tags ("SELECT 1").
    private var lastCommand: CommandComplete? = null
    private var lastCommandBody: ByteArray = ByteArray(0)

    /** The stream offset of the next byte [next] will read: bytes consumed since the decoder was created. */
    public var position: Long = 0
        private set

    /** Bytes received but not yet decoded. */
    public val bufferedBytes: Int get() = writePos - readPos

    /** The size of the current receive array (to observe that memory stays bounded). */
    public val capacity: Int get() = buf.size

    /**
     * A buffer over the free tail of the receive array, with at least [minFree] bytes remaining, for the
     * transport to read into; report what was read with [received]. Valid only until the next call on the decoder.
     */
    public fun receiveBuffer(minFree: Int = 1): ByteBuffer {
        checkUsable()
        require(minFree in 1..maxMessageSize) { "minFree must be in 1..$maxMessageSize, got $minFree" }
        ensureFree(minFree)
        var v = view
        if (v == null || v.array() !== buf) {
            v = ByteBuffer.wrap(buf)
            view = v
        }
        v.limit(buf.size).position(writePos)
        return v
    }

    /** Records that the transport wrote [count] bytes at the start of the last [receiveBuffer]. */
    public fun received(count: Int) {
        checkUsable()
        require(count in 0..(buf.size - writePos)) { "received $count bytes but only ${buf.size - writePos} were free" }
        writePos += count
    }

    /** Copies [length] bytes of [src] from [offset] into the receive buffer; a convenience over [receiveBuffer]. */
    public fun feed(src: ByteArray, offset: Int = 0, length: Int = src.size - offset) {
        checkUsable()
        require(offset >= 0 && length >= 0 && length <= src.size - offset) { "range $offset+$length outside ${src.size} bytes" }
        if (length == 0) return
        ensureFree(length)
        System.arraycopy(src, offset, buf, writePos, length)
        writePos += length
    }

    /** The next complete message, or `null` when more input is needed; throws [ProtocolException] on malformed input. */
    public fun next(): BackendMessage? {
        checkUsable()
        try {
            return decodeNext()
        } catch (e: ProtocolException) {
            failure = e
            throw e
        }
    }

    /**
     * Reads the unframed one-byte answer to an SSLRequest or GSSENCRequest ([request]), or returns `null` when it
     * has not arrived. [EncryptionResponse.ERROR_FOLLOWS] leaves the 'E' in place for [next] to decode. Bytes
     * already buffered behind an acceptance are refused: they were not encrypted, so a man in the middle could
     * have injected them (CVE-2021-23222).
     */
    public fun nextEncryptionResponse(request: EncryptionRequest): EncryptionResponse? {
        checkUsable()
        try {
            return decodeEncryptionResponse(request)
        } catch (e: ProtocolException) {
            failure = e
            throw e
        }
    }

    private fun decodeEncryptionResponse(request: EncryptionRequest): EncryptionResponse? {
        if (writePos == readPos) return null
        val b = buf[readPos].toInt() and 0xff
        val response = when {
            b == 'N'.code -> EncryptionResponse.REJECTED
            b == 'S'.code && request == EncryptionRequest.SSL -> EncryptionResponse.ACCEPTED
            b == 'G'.code && request == EncryptionRequest.GSS -> EncryptionResponse.ACCEPTED
            b == 'E'.code -> return EncryptionResponse.ERROR_FOLLOWS
            else -> throw ProtocolException("invalid answer to the $request encryption request", position, b.toChar())
        }
        readPos++
        position++
        if (response == EncryptionResponse.ACCEPTED && writePos > readPos) {
            throw ProtocolException(
                "the server sent ${writePos - readPos} unencrypted bytes after accepting encryption",
                position,
                null,
            )
        }
        return response
    }

    private fun checkUsable() {
        failure?.let { throw it }
    }

    private fun decodeNext(): BackendMessage? {
        val avail = writePos - readPos
        if (avail < 1) return null
        val a = buf
        val tag = (a[readPos].toInt() and 0xff).toChar()
        val fixedLength = fixedLengthOf(tag)
        if (fixedLength == UNKNOWN) throw ProtocolException("unknown message type", position, tag)
        if (avail < 5) return null
        val length = readInt(a, readPos + 1)
        checkLength(tag, length, fixedLength)
        if (avail - 1 < length) return null
        val end = readPos + 1 + length
        reader.reset(a, readPos + 5, end, tag, position)
        val message = decodeBody(tag)
        readPos = end
        position += 1L + length
        return message
    }

    private fun checkLength(tag: Char, length: Int, fixedLength: Int) {
        if (length < 4) throw ProtocolException("invalid message length $length (less than 4)", position, tag)
        if (length > maxMessageSize) {
            throw ProtocolException("message length $length exceeds the limit of $maxMessageSize bytes", position, tag)
        }
        val ok = when (fixedLength) {
            VARIABLE -> true
            CONTROL -> length <= CONTROL_MESSAGE_LIMIT
            AUTHENTICATION -> length in 8..CONTROL_MESSAGE_LIMIT
            KEY_DATA -> length in 12..(8 + MAX_CANCEL_KEY_LENGTH)
            PARAMETER_STATUS -> if (length - 4 <= MAX_PARAMETER_STATUS_SIZE) true else throw ProtocolException(
                "a ParameterStatus of ${length - 4} bytes exceeds the limit of $MAX_PARAMETER_STATUS_SIZE bytes per run-time parameter",
                position,
                tag,
            )
            else -> length == fixedLength
        }
        if (!ok) throw ProtocolException("invalid length $length for this message type", position, tag)
    }

    private fun decodeBody(tag: Char): BackendMessage = with(reader) {
        when (tag) {
            'D' -> dataRow(positions).also { shared = true }
            'd' -> copyData().also { shared = true }
            'R' -> authentication()
            'K' -> backendKeyData()
            'S' -> parameterStatus()
            'Z' -> readyForQuery()
            'T' -> rowDescription()
            't' -> parameterDescription()
            'C' -> repeatedCommand() ?: newCommand()
            'E' -> ErrorResponse(serverReportFields())
            'N' -> NoticeResponse(serverReportFields())
            'A' -> notification()
            'G' -> copyResponse(::CopyInResponse)
            'H' -> copyResponse(::CopyOutResponse)
            'W' -> copyResponse(::CopyBothResponse)
            'v' -> negotiateProtocolVersion()
            'I' -> EmptyQueryResponse
            '1' -> ParseComplete
            '2' -> BindComplete
            '3' -> CloseComplete
            'n' -> NoData
            's' -> PortalSuspended
            'c' -> CopyDone
            else -> fail("unknown message type")
        }
    }

    /** The previous CommandComplete when this body is byte for byte the same (so it decodes to an equal message). */
    private fun repeatedCommand(): CommandComplete? {
        val body = lastCommandBody
        if (reader.remaining != body.size || !Arrays.equals(reader.array, reader.pos, reader.end, body, 0, body.size)) return null
        reader.pos = reader.end
        return lastCommand
    }

    private fun newCommand(): CommandComplete {
        val start = reader.pos
        val command = reader.commandComplete()
        lastCommand = command
        lastCommandBody = reader.array.copyOfRange(start, reader.end)
        return command
    }

    /** Makes at least [minFree] bytes free at the tail without ever rewriting bytes a handed-out message uses. */
    private fun ensureFree(minFree: Int) {
        val size = buf.size
        if (size - writePos >= minFree) return
        val pending = writePos - readPos
        if (!shared && pending <= size / 2 && pending + minFree <= size) {
            System.arraycopy(buf, readPos, buf, 0, pending)
            readPos = 0
            writePos = pending
            return
        }
        // Doubling what has arrived keeps copying linear for a large message; the message's own total caps it so
        // an almost complete message does not double, and nothing is sized by a length that has not arrived.
        var grown = 2L * pending
        val total = incompleteMessageTotal()
        if (total in pending..grown) grown = total.toLong()
        val wanted = maxOf(chunkSize.toLong(), grown, pending.toLong() + minFree)
        if (wanted > MAX_ARRAY) throw IllegalStateException("receive buffer would exceed 2 GiB: consume messages with next()")
        val fresh = ByteArray(wanted.toInt())
        System.arraycopy(buf, readPos, fresh, 0, pending)
        buf = fresh
        readPos = 0
        writePos = pending
        shared = false
    }

    /** The full size of the message at [readPos] when its header has arrived and is plausible, else -1. */
    private fun incompleteMessageTotal(): Int {
        if (writePos - readPos < 5) return -1
        val length = readInt(buf, readPos + 1)
        return if (length in 4..maxMessageSize) length + 1 else -1
    }

    /** Defaults of the constructor parameters. */
    public companion object {
        /** The default [maxMessageSize]: 1 GiB, the server's own limit for a single value. */
        public const val DEFAULT_MAX_MESSAGE_SIZE: Int = 1 shl 30

        /** The default size of each receive array. */
        public const val DEFAULT_CHUNK_SIZE: Int = 64 * 1024

        private const val MIN_MAX_MESSAGE_SIZE = 8 + MAX_CANCEL_KEY_LENGTH
        private const val MAX_ARRAY = Int.MAX_VALUE - 8L

        /**
         * The largest ParameterStatus body (name and value) accepted: 64 KiB. The connection keeps every reported
         * parameter for its lifetime, and real ones (search_path, TimeZone, …) stay far below this.
         */
        public const val MAX_PARAMETER_STATUS_SIZE: Int = 64 * 1024

        /** Messages that carry no bulk data stay far below this; a larger one is a corrupt or hostile stream. */
        private const val CONTROL_MESSAGE_LIMIT = 1 shl 20

        private const val UNKNOWN = -1
        private const val VARIABLE = -2
        private const val CONTROL = -3
        private const val AUTHENTICATION = -4
        private const val KEY_DATA = -5
        private const val PARAMETER_STATUS = -6

        /** The exact length field of fixed-size messages, or the class of length check a tag gets. */
        private fun fixedLengthOf(tag: Char): Int = when (tag) {
            'D', 'd', 'T', 'E', 'N', 'A' -> VARIABLE
            'S' -> PARAMETER_STATUS
            'C', 't', 'G', 'H', 'W', 'v' -> CONTROL
            'R' -> AUTHENTICATION
            'K' -> KEY_DATA
            'Z' -> 5
            'I', '1', '2', '3', 'n', 's', 'c' -> 4
            else -> UNKNOWN
        }
    }
}
