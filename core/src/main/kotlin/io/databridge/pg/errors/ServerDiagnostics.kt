package io.databridge.pg.errors

/**
 * The typed fields of an ErrorResponse or NoticeResponse, as described in the protocol chapter
 * "Error and Notice Message Fields". Every field except [severity], [sqlState] and [primaryMessage] may be absent.
 */
public interface ServerDiagnostics {
    /** Severity as the server localized it (`S`): `ERROR`, `FATAL`, `PANIC`, `WARNING`, `NOTICE`, … */
    public val severity: String

    /** Severity never localized (`V`); `null` from servers before 9.6. */
    public val severityNonLocalized: String?

    /** The SQLSTATE code (`C`). */
    public val sqlState: SqlState

    /** The primary human-readable message (`M`). */
    public val primaryMessage: String

    /** An optional secondary message with more detail (`D`). */
    public val detail: String?

    /** An optional suggestion what to do about the problem (`H`). */
    public val hint: String?

    /** 1-based character index into the original query string where the error occurred (`P`). */
    public val position: Int?

    /** Like [position] but into the internally generated [internalQuery] (`p`). */
    public val internalPosition: Int?

    /** The text of a failed internally generated command, e.g. a SQL query issued by a PL/pgSQL function (`q`). */
    public val internalQuery: String?

    /** The context (call stack traceback) in which the error occurred (`W`). */
    public val where: String?

    /** Schema of the object the error is about (`s`). */
    public val schemaName: String?

    /** Table the error is about (`t`). */
    public val tableName: String?

    /** Column the error is about (`c`). */
    public val columnName: String?

    /** Data type the error is about (`d`). */
    public val dataTypeName: String?

    /** Constraint the error is about (`n`). */
    public val constraintName: String?

    /** Server source file that reported the error (`F`). */
    public val file: String?

    /** Line in [file] that reported the error (`L`). */
    public val line: Int?

    /** Server source routine that reported the error (`R`). */
    public val routine: String?
}

/**
 * [ServerDiagnostics] parsed from the raw field map the protocol decoder produces (field code → value).
 *
 * Missing mandatory fields do not fail: a server that omits them is still reported as well as possible.
 * Field codes this class does not know stay available through [raw], as the protocol asks clients to ignore them.
 */
public class DiagnosticFields(fields: Map<Char, String>) : ServerDiagnostics {
    /** Every field as received, including codes newer than this library. */
    public val raw: Map<Char, String> = fields.toMap()

    override val severity: String = raw['S'] ?: raw['V'] ?: "ERROR"
    override val severityNonLocalized: String? = raw['V']
    override val sqlState: SqlState = SqlState(raw['C'] ?: SqlState.INTERNAL_ERROR.code)
    override val primaryMessage: String = raw['M'] ?: "(the server sent no message)"
    override val detail: String? = raw['D']
    override val hint: String? = raw['H']
    override val position: Int? = raw['P']?.toIntOrNull()
    override val internalPosition: Int? = raw['p']?.toIntOrNull()
    override val internalQuery: String? = raw['q']
    override val where: String? = raw['W']
    override val schemaName: String? = raw['s']
    override val tableName: String? = raw['t']
    override val columnName: String? = raw['c']
    override val dataTypeName: String? = raw['d']
    override val constraintName: String? = raw['n']
    override val file: String? = raw['F']
    override val line: Int? = raw['L']?.toIntOrNull()
    override val routine: String? = raw['R']

    /** The one-paragraph form used in exception messages: severity, message, SQLSTATE, then detail and hint lines. */
    public fun describe(): String = buildString {
        append(severity).append(": ").append(primaryMessage).append(" (SQLSTATE ").append(sqlState.code).append(')')
        detail?.let { append("\nDETAIL: ").append(it) }
        hint?.let { append("\nHINT: ").append(it) }
    }

    override fun equals(other: Any?): Boolean = other is DiagnosticFields && other.raw == raw
    override fun hashCode(): Int = raw.hashCode()
    override fun toString(): String = "DiagnosticFields(${describe()})"
}
