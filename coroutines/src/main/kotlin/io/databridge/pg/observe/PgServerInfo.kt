package io.databridge.pg.observe

/** The server and session an operation runs against, as observers report it (never the password). */
public class PgServerInfo(
    /** The host as configured (name or IP literal), or the socket file for a Unix-domain socket. */
    public val address: String,
    /** The TCP port, or null for a Unix-domain socket. */
    public val port: Int?,
    /** The database the session is connected to. */
    public val database: String,
    /** The user the session authenticated as. */
    public val user: String,
) {
    override fun toString(): String = (if (port == null) address else "$address:$port") + "/$database"
}
