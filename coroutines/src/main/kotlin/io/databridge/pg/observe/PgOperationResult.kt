package io.databridge.pg.observe

import io.databridge.pg.errors.ServerDiagnostics
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.CancellationException

/** How an observed operation ended, as [PgOperationObserver.end] receives it. */
public class PgOperationResult internal constructor(
    /** Wall-clock time from the call to its end, in nanoseconds. */
    public val durationNanos: Long,
    /** Rows returned or affected (summed over a batch or script), or -1 when unknown or failed. */
    public val rowCount: Long,
    /** The failure, or null on success; a [CancellationException] when the caller cancelled or stopped collecting. */
    public val error: Throwable?,
) {
    /** [durationNanos] as a Duration. */
    public val duration: Duration get() = durationNanos.nanoseconds

    /** Whether the operation ended on a failure or cancellation. */
    public val outcome: PgOutcome
        get() = when (error) {
            null -> PgOutcome.SUCCESS
            is CancellationException -> PgOutcome.CANCELLED
            else -> PgOutcome.ERROR
        }

    /** The SQLSTATE the server answered with (e.g. `23505`), or null on success and for client-side failures. */
    public val sqlState: String? get() = (error as? ServerDiagnostics)?.sqlState?.code

    override fun toString(): String = "PgOperationResult($outcome, ${duration}, rows=$rowCount, sqlState=$sqlState)"
}

/** The three ways an operation ends. */
public enum class PgOutcome {
    /** It completed. */
    SUCCESS,

    /** It failed: a server error (see [PgOperationResult.sqlState]), a timeout, a broken connection, … */
    ERROR,

    /** Its caller was cancelled, or a stream's collector stopped early. */
    CANCELLED,
}
