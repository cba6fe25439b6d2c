package io.databridge.pg.errors

/**
 * An error the PostgreSQL server reported (ErrorResponse), with every field it sent.
 *
 * The message reads `ERROR: <message> (SQLSTATE xxxxx)` followed by `DETAIL:` and `HINT:` lines when present;
 * it holds only what the server itself sent. Build instances with [fromFields], which picks the most specific
 * subclass for the SQLSTATE so callers can catch e.g. [UniqueViolationException] or
 * [IntegrityConstraintViolationException].
 */
public open class PgServerException(
    /** All fields of the ErrorResponse, parsed; also available one by one through [ServerDiagnostics]. */
    public val fields: DiagnosticFields,
) : DataBridgeException(fields.describe()), ServerDiagnostics by fields {

    /** True when running the whole transaction again may succeed (serialization failure, deadlock). */
    public val isRetryable: Boolean get() = fields.sqlState.isRetryable

    /** Factory that maps an ErrorResponse to the most specific exception class. */
    public companion object {
        /** The exception for the ErrorResponse fields [fields] (field code → value), chosen by SQLSTATE. */
        @JvmStatic
        public fun fromFields(fields: Map<Char, String>): PgServerException = fromFields(DiagnosticFields(fields))

        /** The exception for already parsed [fields], chosen by SQLSTATE. */
        @JvmStatic
        public fun fromFields(fields: DiagnosticFields): PgServerException = exceptionFor(fields)
    }
}
