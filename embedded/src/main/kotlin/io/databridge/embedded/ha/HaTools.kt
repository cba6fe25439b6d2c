package io.databridge.embedded.ha

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Finds the executables a cluster runs. PostgreSQL comes from a system installation (Debian's
 * `/usr/lib/postgresql/<major>/bin`), not from the embedded module's Maven-shipped binaries: Patroni needs
 * `pg_controldata`, `pg_basebackup`, `pg_rewind` and `pg_isready`, which those binaries do not include.
 */
internal object HaTools {
    private val systemDirs = listOf("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")

    /** The PostgreSQL tools Patroni runs from its `bin_dir`. */
    val postgresTools = listOf("postgres", "initdb", "pg_ctl", "pg_controldata", "pg_basebackup", "pg_rewind", "pg_isready")

    /** [name] on PATH or in the usual system directories, or [explicit] when given. */
    fun executable(name: String, explicit: Path?): Path {
        val candidates = if (explicit != null) {
            listOf(explicit)
        } else {
            val path = System.getenv("PATH").orEmpty().split(':').filter { it.isNotEmpty() }
            (path + systemDirs).distinct().map { Paths.get(it, name) }
        }
        return candidates.firstOrNull { Files.isRegularFile(it) && Files.isExecutable(it) }
            ?: throw HaToolMissingException(explicit?.toString() ?: name, candidates.map { (if (explicit != null) it else it.parent).toString() })
    }

    /**
     * A directory holding every tool of [postgresTools]: [explicit], else the system property
     * `databridge.embedded.ha.pgBinDir`, else the newest `/usr/lib/postgresql/<major>/bin` that has them all.
     */
    fun postgresBinDir(explicit: Path?): Path {
        val chosen = explicit ?: System.getProperty(PG_BIN_DIR_PROPERTY)?.takeIf { it.isNotBlank() }?.let { Paths.get(it) }
        if (chosen != null) {
            val missing = postgresTools.filterNot { Files.isExecutable(chosen.resolve(it)) }
            if (missing.isNotEmpty()) throw HaToolMissingException(missing.joinToString(), listOf(chosen.toString()))
            return chosen
        }
        val root = Paths.get("/usr/lib/postgresql")
        val majors = if (Files.isDirectory(root)) Files.list(root).use { dirs -> dirs.toList() } else emptyList()
        return majors
            .mapNotNull { dir -> dir.fileName.toString().toIntOrNull()?.let { it to dir.resolve("bin") } }
            .sortedByDescending { it.first }
            .map { it.second }
            .firstOrNull { bin -> postgresTools.all { Files.isExecutable(bin.resolve(it)) } }
            ?: throw HaToolMissingException(postgresTools.joinToString(), listOf("$root/<major>/bin"))
    }

    const val PG_BIN_DIR_PROPERTY = "databridge.embedded.ha.pgBinDir"
}
