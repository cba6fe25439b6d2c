package io.databridge.pg.pipeline

import io.databridge.pg.errors.CommitOutcomeUnknownException
import io.databridge.pg.errors.TransactionFailedException

// COMMIT, END, with WORK/TRANSACTION and AND [NO] CHAIN, one statement, an optional semicolon.
private val PLAIN_COMMIT = Regex("""\s*(?:COMMIT|END)(?:\s+(?:WORK|TRANSACTION))?(?:\s+AND\s+(?:NO\s+)?CHAIN)?\s*;?\s*""", RegexOption.IGNORE_CASE)

/**
 * The error for a COMMIT of a failed transaction. PostgreSQL answers such a COMMIT with the tag ROLLBACK and no
 * error; a caller must not take it for a commit, so `transaction {}` and a COMMIT statement both raise this.
 */
internal fun commitRefused(reason: String): TransactionFailedException =
    TransactionFailedException("commit refused: the transaction failed earlier ($reason); rolled back")

/** True when [sql] is one COMMIT statement and the server answered it with [tag] ROLLBACK (the transaction had failed). */
internal fun isRefusedCommit(sql: String, tag: String): Boolean = tag == "ROLLBACK" && PLAIN_COMMIT.matches(sql)

/** The reason given when a COMMIT statement run by the caller comes back as ROLLBACK. */
internal const val COMMIT_STATEMENT_ROLLED_BACK: String = "the server answered COMMIT with ROLLBACK"

/** The error for a COMMIT sent whose answer never came, because of [cause] (the connection's loss, a timeout). */
internal fun commitOutcomeUnknown(cause: Throwable): CommitOutcomeUnknownException =
    CommitOutcomeUnknownException(
        "COMMIT was sent but its answer never came (${cause.message}): the transaction may or may not have committed; " +
            "check before running it again",
        cause = cause,
    )
