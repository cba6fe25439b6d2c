package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException

/** A query did not finish within its timeout; it was cancelled on the server and the connection stays usable. */
public class QueryTimeoutException(
    /** The timeout that expired, in milliseconds. */
    public val timeoutMillis: Long,
) : DataBridgeException("the query did not complete within $timeoutMillis ms and was cancelled")
