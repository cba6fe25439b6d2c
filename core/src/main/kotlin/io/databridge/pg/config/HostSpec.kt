package io.databridge.pg.config

/** One server to try: a TCP endpoint or a Unix-domain socket. */
public sealed class HostSpec {
    /** The server's port; for a Unix socket it names the socket file. */
    public abstract val port: Int

    /** The host as written in settings (name, IP literal, or socket directory): what `.pgpass` and TLS match. */
    public abstract val host: String

    /** A TCP server reached by [host] name (or by [hostaddr], when given, without a DNS lookup). */
    public data class Tcp(
        override val host: String,
        override val port: Int,
        /** A numeric IP address to connect to instead of resolving [host] (libpq `hostaddr`). */
        val hostaddr: String? = null,
    ) : HostSpec() {
        override fun toString(): String =
            (if (':' in host) "[$host]" else host) + ":" + port + (hostaddr?.let { " ($it)" } ?: "")
    }

    /** A server listening on a Unix-domain socket in [directory]. */
    public data class UnixSocket(
        /** The directory holding the socket, e.g. `/var/run/postgresql`. */
        val directory: String,
        override val port: Int,
    ) : HostSpec() {
        override val host: String get() = directory

        /** The socket file: `<directory>/.s.PGSQL.<port>`. */
        val path: String get() = directory.trimEnd('/') + "/.s.PGSQL.$port"

        override fun toString(): String = path
    }
}
