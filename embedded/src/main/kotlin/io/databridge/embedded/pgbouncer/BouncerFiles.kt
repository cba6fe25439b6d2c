package io.databridge.embedded.pgbouncer

import io.databridge.embedded.AuthMethod
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/** The generated configuration of one PgBouncer: its ini file and its auth file (mode 0600). */
internal object BouncerFiles {
    /** Writes `pgbouncer.ini` and `userlist.txt` into [dir] and returns the ini's path. */
    fun write(dir: Path, socketDir: Path, port: Int, config: BouncerConfig, admin: String, adminPassword: String): Path {
        val authFile = dir.resolve("userlist.txt")
        Files.createFile(authFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        val entries = config.users + (admin to adminPassword)
        Files.writeString(authFile, entries.entries.joinToString("") { (name, password) -> "${quoted(name)} ${quoted(password ?: "")}\n" })
        val settings = linkedMapOf(
            "listen_addr" to "127.0.0.1",
            "listen_port" to port.toString(),
            "unix_socket_dir" to socketDir.toString(),
            "auth_type" to keyword(config.auth),
            "auth_file" to authFile.toString(),
            "admin_users" to admin,
            "stats_users" to admin,
            "pool_mode" to config.poolMode.keyword,
            "default_pool_size" to config.poolSize.toString(),
            "max_client_conn" to "200",
            // pgjdbc sends extra_float_digits at startup, which PgBouncer would otherwise refuse.
            "ignore_startup_parameters" to "extra_float_digits",
        )
        settings.putAll(config.settings)
        val ini = buildString {
            append("[databases]\n")
            append("* = host=${config.serverHost} port=${config.serverPort}\n\n")
            append("[pgbouncer]\n")
            for ((key, value) in settings) append("$key = $value\n")
        }
        return dir.resolve("pgbouncer.ini").also { Files.writeString(it, ini) }
    }

    private fun keyword(auth: AuthMethod): String = if (auth == AuthMethod.PASSWORD) "plain" else auth.hbaKeyword

    // The auth file's format: both fields in double quotes, a quote inside doubled.
    private fun quoted(s: String) = "\"" + s.replace("\"", "\"\"") + "\""
}
