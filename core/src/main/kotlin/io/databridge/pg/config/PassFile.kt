package io.databridge.pg.config

import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFileAttributeView
import java.nio.file.attribute.PosixFilePermission

/**
 * Looks passwords up in a libpq password file (`~/.pgpass`): lines `host:port:database:user:password`, `*`
 * matching any value, `\:` and `\\` escaping, `#` starting a comment line; the first matching line wins.
 */
internal object PassFile {
    /** Socket directories libpq builds commonly use as default; a connection through them matches `localhost`. */
    private val DEFAULT_SOCKET_DIRECTORIES = setOf("/var/run/postgresql", "/run/postgresql", "/tmp")

    private val GROUP_OR_OTHER = setOf(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
    )

    fun lookup(file: Path, host: HostSpec, database: String, user: String): PasswordLookup {
        if (!Files.exists(file)) return PasswordLookup.Missing(null)
        if (!Files.isRegularFile(file)) {
            return PasswordLookup.Missing("password file \"$file\" is not a plain file")
        }
        val posix = Files.getFileAttributeView(file, PosixFileAttributeView::class.java)
        // As in libpq, the check only exists where the file system has Unix permissions.
        if (posix != null) {
            val permissions = try {
                posix.readAttributes().permissions()
            } catch (e: IOException) {
                return PasswordLookup.Missing("password file \"$file\" cannot be inspected: ${e.message}")
            }
            if (permissions.any { it in GROUP_OR_OTHER }) {
                return PasswordLookup.Missing(
                    "password file \"$file\" has group or world access; permissions should be u=rw (0600) or less",
                )
            }
        }
        val text = try {
            Files.readString(file)
        } catch (e: IOException) {
            return PasswordLookup.Missing("password file \"$file\" cannot be read: ${e.javaClass.simpleName}")
        }
        val fields = listOf(hostField(host), host.port.toString(), database, user)
        for (rawLine in text.split('\n')) {
            val line = rawLine.removeSuffix("\r")
            if (line.startsWith("#")) continue
            val password = matchLine(line, fields) ?: continue
            return PasswordLookup.FromPassFile(password, file)
        }
        return PasswordLookup.Missing(null)
    }

    private fun hostField(host: HostSpec): String = when (host) {
        is HostSpec.Tcp -> host.host
        is HostSpec.UnixSocket ->
            if (host.directory.trimEnd('/') in DEFAULT_SOCKET_DIRECTORIES) HostListResolver.DEFAULT_HOST
            else host.directory
    }

    /** Returns the de-escaped password when the four fields of [line] match [fields], else null. */
    private fun matchLine(line: String, fields: List<String>): String? {
        var pos = 0
        for (token in fields) {
            pos = matchField(line, pos, token)
            if (pos < 0) return null
        }
        val password = StringBuilder()
        var i = pos
        while (i < line.length && line[i] != ':') {
            if (line[i] == '\\' && i + 1 < line.length) i++
            password.append(line[i])
            i++
        }
        return password.toString()
    }

    /** libpq's `pwdfMatchesString`: returns the index after the field's ':' if the field matches, else -1. */
    private fun matchField(line: String, start: Int, token: String): Int {
        if (line.startsWith("*:", start)) return start + 2
        var i = start
        var t = 0
        while (i < line.length) {
            var escaped = false
            if (line[i] == '\\') {
                i++
                escaped = true
                if (i >= line.length) return -1
            }
            if (line[i] == ':' && !escaped && t == token.length) return i + 1
            if (t == token.length || line[i] != token[t]) return -1
            i++
            t++
        }
        return -1
    }
}
