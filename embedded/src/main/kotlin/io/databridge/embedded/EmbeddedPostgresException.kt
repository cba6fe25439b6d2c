package io.databridge.embedded

/**
 * Raised when an embedded cluster cannot be started, configured or stopped; [serverLogTail] holds the end of the
 * server log (empty when the server never wrote one) and is part of [message].
 */
public class EmbeddedPostgresException(
    reason: String,
    /** The last lines of the server log at the time of the failure. */
    public val serverLogTail: String = "",
    cause: Throwable? = null,
) : RuntimeException(if (serverLogTail.isBlank()) reason else "$reason\n--- server log (tail) ---\n$serverLogTail", cause)
