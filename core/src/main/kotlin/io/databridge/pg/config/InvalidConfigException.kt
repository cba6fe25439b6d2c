package io.databridge.pg.config

import io.databridge.pg.errors.DataBridgeException

/**
 * A connection setting is unknown, malformed or contradicts another one.
 *
 * [key] is the libpq-style name of the offending setting (`port`, `sslmode`, …). Messages quote the bad value,
 * except for secret settings (`password`, `sslpassword`), whose values never appear in any message.
 */
public class InvalidConfigException(
    /** The name of the offending setting, as spelled in a connection string. */
    public val key: String,
    message: String,
    cause: Throwable? = null,
) : DataBridgeException(message, cause)
