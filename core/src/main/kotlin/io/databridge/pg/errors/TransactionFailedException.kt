package io.databridge.pg.errors

/**
 * A transaction cannot complete: it failed earlier (commit is refused while the server reports the transaction
 * as failed) or its outcome could not be established. [cause] is the error that made it fail, when known.
 */
public class TransactionFailedException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)
