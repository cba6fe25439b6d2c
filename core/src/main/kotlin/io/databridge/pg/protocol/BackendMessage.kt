package io.databridge.pg.protocol

/** A message the server sent, as [BackendDecoder] decodes it; messages without fields are singletons. */
public sealed class BackendMessage

/** BackendKeyData: the identity to quote in a CancelRequest; [secretKey] is 4 bytes (3.0) or up to 256 (3.2). */
public class BackendKeyData(
    /** The backend's process id. */
    public val processId: Int,
    /** The cancel secret; never printed. */
    public val secretKey: ByteArray,
) : BackendMessage() {
    override fun equals(other: Any?): Boolean =
        other is BackendKeyData && other.processId == processId && other.secretKey.contentEquals(secretKey)

    override fun hashCode(): Int = processId * 31 + secretKey.contentHashCode()

    override fun toString(): String = "BackendKeyData(processId=$processId, secretKey=<${secretKey.size} bytes>)"
}

/** ParameterStatus: the current value of a reported run-time parameter (at startup and whenever it changes). */
public data class ParameterStatus(
    /** The parameter's name, e.g. `server_version`. */
    public val name: String,
    /** Its new value. */
    public val value: String,
) : BackendMessage()

/** The transaction state a ReadyForQuery reports, with its wire byte. */
public enum class TransactionStatus(public val code: Char) {
    /** 'I': not in a transaction block. */
    IDLE('I'),

    /** 'T': inside a transaction block. */
    IN_TRANSACTION('T'),

    /** 'E': inside a failed transaction block; queries are refused until it ends. */
    FAILED('E'),
}

/** ReadyForQuery: the server is ready for a new query cycle; one shared instance per [status]. */
public class ReadyForQuery private constructor(
    /** The transaction state the server is in. */
    public val status: TransactionStatus,
) : BackendMessage() {
    override fun toString(): String = "ReadyForQuery($status)"

    /** The three possible instances. */
    public companion object {
        /** ReadyForQuery('I'). */
        public val IDLE: ReadyForQuery = ReadyForQuery(TransactionStatus.IDLE)

        /** ReadyForQuery('T'). */
        public val IN_TRANSACTION: ReadyForQuery = ReadyForQuery(TransactionStatus.IN_TRANSACTION)

        /** ReadyForQuery('E'). */
        public val FAILED: ReadyForQuery = ReadyForQuery(TransactionStatus.FAILED)

        /** The instance for [status]. */
        public fun of(status: TransactionStatus): ReadyForQuery = when (status) {
            TransactionStatus.IDLE -> IDLE
            TransactionStatus.IN_TRANSACTION -> IN_TRANSACTION
            TransactionStatus.FAILED -> FAILED
        }
    }
}

/** ParameterDescription: the type OIDs of a prepared statement's parameters. */
public class ParameterDescription(
    /** One type OID per parameter. */
    public val typeOids: IntArray,
) : BackendMessage() {
    override fun equals(other: Any?): Boolean = other is ParameterDescription && other.typeOids.contentEquals(typeOids)

    override fun hashCode(): Int = typeOids.contentHashCode()

    override fun toString(): String = "ParameterDescription(${typeOids.contentToString()})"
}

/** EmptyQueryResponse: the query string held no statement. */
public data object EmptyQueryResponse : BackendMessage()

/** ParseComplete: a Parse succeeded. */
public data object ParseComplete : BackendMessage()

/** BindComplete: a Bind succeeded. */
public data object BindComplete : BackendMessage()

/** CloseComplete: a Close succeeded. */
public data object CloseComplete : BackendMessage()

/** NoData: the described statement or portal returns no rows. */
public data object NoData : BackendMessage()

/** PortalSuspended: an Execute reached its row limit; the portal can be executed again for more. */
public data object PortalSuspended : BackendMessage()

/** CopyDone: the end of COPY TO STDOUT data. */
public data object CopyDone : BackendMessage()

/**
 * ErrorResponse ([isError]) or NoticeResponse: [fields] keyed by their one-letter code ('S' severity, 'V' severity
 * not localized, 'C' SQLSTATE, 'M' message, 'D' detail, 'H' hint, 'P' position, 'p', 'q', 'W', 's', 't', 'c', 'd',
 * 'n', 'F', 'L', 'R'); unknown codes are kept too.
 */
public sealed class ServerReport : BackendMessage() {
    /** The report's fields by code. */
    public abstract val fields: Map<Char, String>
}

/** ErrorResponse: the current command failed. */
public data class ErrorResponse(override val fields: Map<Char, String>) : ServerReport()

/** NoticeResponse: a warning or informational message; nothing failed. */
public data class NoticeResponse(override val fields: Map<Char, String>) : ServerReport()

/** NotificationResponse: a NOTIFY on a channel this session LISTENs to. */
public data class NotificationResponse(
    /** The notifying backend's process id. */
    public val processId: Int,
    /** The channel name. */
    public val channel: String,
    /** The payload, empty when none was given. */
    public val payload: String,
) : BackendMessage()

/** CopyInResponse, CopyOutResponse or CopyBothResponse: the server entered a COPY sub-protocol. */
public sealed class CopyResponse : BackendMessage() {
    /** The overall format: 0 textual (text/CSV), 1 binary. */
    public abstract val format: Int

    /** One format code per column; all 0 when [format] is 0. */
    public abstract val columnFormats: IntArray

    override fun equals(other: Any?): Boolean =
        other is CopyResponse && other.javaClass == javaClass && other.format == format &&
            other.columnFormats.contentEquals(columnFormats)

    override fun hashCode(): Int = javaClass.hashCode() * 31 * 31 + format * 31 + columnFormats.contentHashCode()

    override fun toString(): String = "${javaClass.simpleName}(format=$format, columnFormats=${columnFormats.contentToString()})"
}

/** CopyInResponse: the server waits for COPY FROM STDIN data. */
public class CopyInResponse(override val format: Int, override val columnFormats: IntArray) : CopyResponse()

/** CopyOutResponse: COPY TO STDOUT data follows. */
public class CopyOutResponse(override val format: Int, override val columnFormats: IntArray) : CopyResponse()

/** CopyBothResponse: bidirectional copy (streaming replication) begins. */
public class CopyBothResponse(override val format: Int, override val columnFormats: IntArray) : CopyResponse()

/**
 * NegotiateProtocolVersion: the server speaks at most [newestVersion] and ignored [unrecognizedOptions].
 * The documentation calls the number "newest minor version", but servers send the whole version code
 * (196610 for 3.2), so the raw value is kept and [newestMinor] extracts the minor part.
 */
public data class NegotiateProtocolVersion(
    /** The newest protocol version the server supports, as sent (major in the high 16 bits). */
    public val newestVersion: Int,
    /** The `_pq_.` startup options the server did not recognize. */
    public val unrecognizedOptions: List<String>,
) : BackendMessage() {
    /** The newest minor protocol version the server supports. */
    public val newestMinor: Int get() = newestVersion and 0xffff
}
