package io.databridge.pg.errors

/**
 * The connection dropped or was closed, by either side. Requests that were in flight or queued on it fail
 * with this exception; whether they reached the server is unknown.
 */
public class ConnectionClosedException(message: String, cause: Throwable? = null) :
    DataBridgeException(message, cause)

/** No connection to [host]:[port] could be established within [timeoutMillis] milliseconds. */
public class ConnectTimeoutException(
    /** The host that did not answer in time. */
    public val host: String,
    /** The port that did not answer in time. */
    public val port: Int,
    /** The connect timeout that expired. */
    public val timeoutMillis: Long,
    cause: Throwable? = null,
) : DataBridgeException("connecting to $host:$port timed out after $timeoutMillis ms", cause)

/**
 * TLS could not be set up or failed: the server refused TLS when it was required, the handshake failed, or the
 * server certificate did not pass the configured verification (`sslmode=verify-ca` / `verify-full`).
 */
public class TlsException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)
