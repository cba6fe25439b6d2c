package io.databridge.embedded

import java.sql.Connection
import java.sql.DriverManager
import java.util.Properties

/** The JDBC connections this module needs for its own setup (roles, databases, backups); pgjdbc comes with zonky. */
internal object Sql {
    /** Opens a connection without TLS to [database] on [host]:[port]. */
    fun connect(host: String, port: Int, database: String, user: String, password: String? = null): Connection {
        val props = Properties()
        props["user"] = user
        password?.let { props["password"] = it }
        props["sslmode"] = "disable"
        props["connectTimeout"] = "10"
        props["socketTimeout"] = "120"
        return DriverManager.getConnection("jdbc:postgresql://${bracketed(host)}:$port/${encode(database)}", props)
    }

    /** Runs each statement of [statements] on [connection]. */
    fun execute(connection: Connection, vararg statements: String) {
        connection.createStatement().use { st -> statements.forEach { st.execute(it) } }
    }

    /** Quotes an SQL identifier. */
    fun identifier(name: String): String = "\"" + name.replace("\"", "\"\"") + "\""

    /** Quotes an SQL string literal (standard_conforming_strings is on). */
    fun literal(value: String): String = "'" + value.replace("'", "''") + "'"

    private fun bracketed(host: String) = if (host.contains(':')) "[$host]" else host

    private fun encode(database: String) = java.net.URLEncoder.encode(database, Charsets.UTF_8).replace("+", "%20")
}
