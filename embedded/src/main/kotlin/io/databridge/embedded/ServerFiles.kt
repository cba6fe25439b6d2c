package io.databridge.embedded

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/** Writes the configuration files of a cluster's data directory: our settings file and pg_hba.conf. */
internal object ServerFiles {
    private val PARAMETER_NAME = Regex("[A-Za-z_][A-Za-z0-9_.]*")

    /** Refuses [key] unless it can be a server parameter's name, so a setting cannot inject lines into the settings file. */
    fun requireParameterName(key: String) {
        require(key.matches(PARAMETER_NAME)) { "not a parameter name: $key" }
    }

    private const val SETTINGS_FILE = "databridge.conf"

    /** Writes [settings] to our own file and makes postgresql.conf include it (once). */
    fun writeSettings(data: Path, settings: Map<String, String>) {
        Files.writeString(data.resolve(SETTINGS_FILE), settings.entries.joinToString("\n", postfix = "\n") { (k, v) -> "$k = ${quote(v)}" })
        val main = data.resolve("postgresql.conf")
        val include = "include_if_exists '$SETTINGS_FILE'"
        if (Files.readAllLines(main).none { it.trim() == include }) {
            Files.writeString(main, "\n$include\n", StandardOpenOption.APPEND)
        }
    }

    /** The settings every cluster gets on top of the caller's: its socket directory and, with TLS, the key files. */
    fun baseSettings(dir: ClusterDirectory, tls: ServerTls?): Map<String, String> = buildMap {
        put("unix_socket_directories", dir.socket.toString())
        put("listen_addresses", "localhost")
        if (tls != null) {
            put("ssl", "on")
            put("ssl_cert_file", tls.serverCertFile.toString())
            put("ssl_key_file", tls.serverKeyFile.toString())
            put("ssl_ca_file", tls.caFile.toString())
        }
    }

    /**
     * pg_hba.conf: the superuser is trusted locally (our own setup and zonky's readiness check use it), each
     * declared user gets its method (over TLS only where asked), everyone else [defaultAuth].
     */
    fun writeHba(data: Path, users: List<PostgresUser>, defaultAuth: AuthMethod) {
        val loopback = listOf("127.0.0.1/32", "::1/128")
        val lines = mutableListOf("# written by data-bridge embedded")
        lines += "local all ${EmbeddedPostgresBuilder.SUPERUSER} trust"
        lines += "local replication ${EmbeddedPostgresBuilder.SUPERUSER} trust"
        for (address in loopback) {
            lines += "host all ${EmbeddedPostgresBuilder.SUPERUSER} $address trust"
            lines += "host replication ${EmbeddedPostgresBuilder.SUPERUSER} $address trust"
        }
        for (user in users) {
            val role = hbaQuote(user.name)
            val method = user.auth.hbaKeyword
            if (user.needsTls) {
                // Explicit rejects, or the catch-all lines below would admit the role without TLS.
                lines += "local all $role reject"
                for (address in loopback) lines += "hostssl all $role $address $method"
                for (address in loopback) lines += "hostnossl all $role $address reject"
            } else {
                lines += "local all $role $method"
                for (address in loopback) lines += "host all $role $address $method"
            }
        }
        if (defaultAuth != AuthMethod.CERT) lines += "local all all ${defaultAuth.hbaKeyword}"
        for (address in loopback) lines += "${if (defaultAuth == AuthMethod.CERT) "hostssl" else "host"} all all $address ${defaultAuth.hbaKeyword}"
        Files.writeString(data.resolve("pg_hba.conf"), lines.joinToString("\n", postfix = "\n"))
    }

    private fun quote(value: String): String = "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"

    private fun hbaQuote(name: String): String = "\"" + name.replace("\"", "\"\"") + "\""
}
