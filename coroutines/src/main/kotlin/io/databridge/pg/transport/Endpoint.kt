package io.databridge.pg.transport

import io.databridge.pg.errors.ConnectTimeoutException
import java.nio.file.Path

/** Where a transport connects to: a TCP host and port or a Unix domain socket file. */
public sealed class Endpoint {
    /** A TCP endpoint; [host] is a name or an IP literal, resolved when connecting. */
    public data class Tcp(val host: String, val port: Int) : Endpoint() {
        init {
            require(port in 1..65535) { "TCP port must be in 1..65535, was $port" }
        }

        override fun toString(): String = if (':' in host) "[$host]:$port" else "$host:$port"
    }

    /** A Unix domain socket, e.g. `/var/run/postgresql/.s.PGSQL.5432`. */
    public data class Unix(val path: Path) : Endpoint() {
        override fun toString(): String = "unix:$path"
    }
}

/** The typed timeout failure for this endpoint. */
internal fun Endpoint.connectTimeout(millis: Long): ConnectTimeoutException = when (this) {
    is Endpoint.Tcp -> ConnectTimeoutException(host, port, millis)
    is Endpoint.Unix -> ConnectTimeoutException(path.toString(), 0, millis)
}
