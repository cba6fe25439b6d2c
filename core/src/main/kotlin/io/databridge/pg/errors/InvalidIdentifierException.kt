package io.databridge.pg.errors

/**
 * A name cannot be a PostgreSQL identifier (empty, holding NUL, longer than 63 bytes in UTF-8), or is reserved where
 * it was used (a system column name for a column); thrown before anything reaches the server.
 */
public open class InvalidIdentifierException(message: String) : DataBridgeException(message)
