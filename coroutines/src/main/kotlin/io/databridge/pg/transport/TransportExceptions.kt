package io.databridge.pg.transport

import io.databridge.pg.errors.DataBridgeException

/** The connection to the server is gone: closed by the peer, by us, or broken by an I/O error. */
public class ConnectionClosedException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)

/** A TLS handshake, certificate verification or TLS configuration (PEM files) failed. */
public class TlsException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)

/** No connection could be established to an endpoint (refused, unreachable, unresolvable host). */
public open class ConnectFailedException(message: String, cause: Throwable? = null) : DataBridgeException(message, cause)

/** The endpoint did not accept the connection within the connect timeout. */
public class ConnectTimeoutException(message: String) : ConnectFailedException(message)
