package io.databridge.pg.errors

/**
 * A parameter value cannot be bound: it does not fit the target type (integer overflow, a string with a NUL
 * byte, a date out of PostgreSQL's range, …). Raised before anything is sent, so the connection is unaffected.
 * The message names the parameter and the reason, never the value itself.
 */
public class ValueEncodingException(
    /** 1-based index of the offending parameter (as in `$1`), or 0 when not tied to a parameter. */
    public val parameterIndex: Int,
    /** Why the value cannot be encoded. */
    public val reason: String,
    cause: Throwable? = null,
) : DataBridgeException(
    if (parameterIndex > 0) "parameter \$$parameterIndex cannot be encoded: $reason" else "value cannot be encoded: $reason",
    cause,
)

/** A value the server sent cannot be decoded into the requested Kotlin/Java type (malformed or out of range). */
public class ValueDecodingException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)

/** A row was asked for a column name or index that its result does not have. */
public class ColumnNotFoundException(message: String) : DataBridgeException(message)

/**
 * A column was read as a type its PostgreSQL type cannot be converted to (e.g. a `text` column as `Int`), or a
 * NULL was read through a non-null getter.
 */
public class TypeMismatchException(message: String) : DataBridgeException(message)

/**
 * A statement was given more parameters than the protocol can carry: Bind counts them in 16 bits, so at most
 * [limit] (65,535). Raised before anything is sent, so the connection is unaffected; split the statement (e.g. insert
 * in chunks) or pass the values as one array parameter.
 */
public class TooManyParametersException(
    /** How many parameters the statement was given. */
    public val count: Int,
    /** The protocol's limit, 65,535. */
    public val limit: Int,
) : DataBridgeException("the statement has $count parameters; the PostgreSQL protocol allows at most $limit per statement")
