package io.databridge.pg.errors

/**
 * The connection was lost (or the wait timed out) after COMMIT was sent and before the server answered it: the
 * transaction may have committed or not. Unlike a failure before COMMIT, which always means "rolled back", the caller
 * must find out (for example by looking for a row the transaction wrote) before running it again. [cause] is the
 * loss of the connection or the timeout.
 */
public class CommitOutcomeUnknownException(
    message: String,
    /**
     * The transaction's id (`pg_current_xact_id()`) when known, else null. The engine raising this does not spend a
     * statement per transaction to learn it, so it passes null.
     */
    public val transactionId: Long? = null,
    cause: Throwable? = null,
) : DataBridgeException(message, cause)
