package io.databridge.pg.errors

/**
 * The root of every exception data-bridge throws, so callers can catch the whole library's failures in one place.
 */
public open class DataBridgeException(message: String, cause: Throwable? = null) : RuntimeException(message, cause)
