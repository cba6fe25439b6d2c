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
