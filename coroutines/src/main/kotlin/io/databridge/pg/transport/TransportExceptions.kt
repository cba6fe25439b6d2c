package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectTimeoutException
import io.databridge.pg.errors.DataBridgeException

/**
 * No connection could be established to an endpoint: refused, unreachable, unresolvable host, missing socket file.
 * A connect that merely takes too long is an [io.databridge.pg.errors.ConnectTimeoutException] instead.
 */
public class ConnectFailedException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)
