package io.databridge.ktor

import io.databridge.pg.errors.DataBridgeException

/**
 * A DataBridge plugin setting is missing, malformed or contradicts another one; thrown while the application
 * starts, so it does not start. [key] names the setting where it was given (`databridge.pool.maxSize`,
 * `DATABRIDGE_POOL_MAX_SIZE`, `install(DataBridge) pool.maxSize`); passwords never appear in the message.
 */
public class DataBridgeConfigException(
    /** The offending setting, spelled as where it was given. */
    public val key: String,
    message: String,
    cause: Throwable? = null,
) : DataBridgeException(message, cause)
