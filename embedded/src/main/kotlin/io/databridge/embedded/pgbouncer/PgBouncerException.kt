package io.databridge.embedded.pgbouncer

/**
 * Raised when a [PgBouncer] cannot be configured, started or stopped; [logTail] holds the end of PgBouncer's log
 * (empty when it never wrote one) and is part of [message].
 */
public open class PgBouncerException(
    reason: String,
    /** The last lines of PgBouncer's log at the time of the failure. */
    public val logTail: String = "",
    cause: Throwable? = null,
) : RuntimeException(if (logTail.isBlank()) reason else "$reason\n--- pgbouncer log (tail) ---\n$logTail", cause)

/** Raised when the `pgbouncer` executable is not installed where it was looked for. */
public class PgBouncerNotInstalledException(
    /** The executable that was looked for. */
    public val binary: String,
    /** The places searched. */
    public val searched: List<String>,
) : PgBouncerException(
    "the $binary executable is missing (looked in ${searched.joinToString(":")}); " +
        "install it, e.g. apt-get install -y pgbouncer, or name it with PgBouncerBuilder.binary(path)",
)
