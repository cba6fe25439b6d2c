package io.databridge.embedded

import java.net.URLEncoder

/**
 * A database made for one test class or spec: where it is ([host], [port], [database]) and who may use it
 * ([user], [password]). The password never appears in [toString].
 */
public class TestDatabase(
    /** The server's host name. */
    public val host: String,
    /** The server's TCP port. */
    public val port: Int,
    /** The database name. */
    public val database: String,
    /** The role to connect as (owner of [database]). */
    public val user: String,
    /** That role's password, or null when the server trusts it. */
    public val password: String?,
) {
    /** A libpq-style URI (password included when there is one). */
    public val url: String
        get() = "postgresql://${encode(user)}${password?.let { ":" + encode(it) } ?: ""}@$host:$port/${encode(database)}"

    /** A pgjdbc URL (password included when there is one). */
    public val jdbcUrl: String
        get() = "jdbc:postgresql://$host:$port/${encode(database)}?user=${encode(user)}" + (password?.let { "&password=${encode(it)}" } ?: "")

    override fun toString(): String = "TestDatabase(host=$host, port=$port, database=$database, user=$user)"

    private fun encode(s: String) = URLEncoder.encode(s, Charsets.UTF_8).replace("+", "%20")
}
