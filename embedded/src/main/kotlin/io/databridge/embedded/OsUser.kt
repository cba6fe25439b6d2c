package io.databridge.embedded

import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * An unprivileged OS account that root hands server processes to (PostgreSQL and PgBouncer refuse to run as
 * root): its ids, the `setpriv` prefix that switches to it, and ownership of the files those processes use.
 */
internal class OsUser private constructor(val name: String, val uid: Int, val gid: Int) {
    /** The command prefix that runs the rest of a command line as this user, without root's groups. */
    val switchCommand: List<String> get() = listOf("setpriv", "--reuid=$uid", "--regid=$gid", "--clear-groups", "--")

    /** Hands [root] and everything below it to this user. */
    fun own(root: Path) {
        Files.walk(root).use { paths ->
            paths.forEach { path ->
                Files.setAttribute(path, "unix:uid", uid)
                Files.setAttribute(path, "unix:gid", gid)
            }
        }
    }

    companion object {
        /** Whether this JVM runs as root, the only case where processes are handed to an [OsUser]. */
        val jvmIsRoot: Boolean get() = System.getProperty("user.name") == "root"

        /** The account [name], or an [IOException] saying why it cannot be used. */
        fun find(name: String): OsUser = OsUser(name, id(name, "-u"), id(name, "-g"))

        /** The account [name], created as a system user without home or shell when it does not exist yet. */
        @Synchronized
        fun findOrCreate(name: String): OsUser {
            if (run("id", "-u", name).first != 0) {
                val (status, out) = run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name)
                // Another process may have created it meanwhile (useradd exits 9: name in use).
                if (status != 0 && status != 9) throw IOException("useradd --system $name exited with $status: $out")
            }
            return find(name)
        }

        private fun id(name: String, flag: String): Int {
            val (status, out) = run("id", flag, name)
            if (status != 0) throw IOException("id $flag $name says: $out (create the user, e.g. useradd --system $name)")
            return out.toInt()
        }

        private fun run(vararg command: String): Pair<Int, String> {
            val process = ProcessBuilder(*command).redirectErrorStream(true).start()
            val out = process.inputStream.bufferedReader().readText().trim()
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly()
                throw IOException("${command.joinToString(" ")} did not finish within 30 s")
            }
            return process.exitValue() to out
        }
    }
}
