package io.databridge.dsl.migrate

import java.nio.file.Path
import kotlin.io.path.isDirectory
import kotlin.io.path.name
import kotlin.io.path.readText

/** The SQL migration files under a directory of the file system. */
internal class DirectoryMigrationSource(private val directory: Path) : MigrationSource {
    override fun migrations(): List<Migration> {
        if (!directory.isDirectory()) throw MigrationSourceException("migration directory $directory does not exist")
        return DirectoryWalk.regularFiles(directory).mapNotNull { file ->
            MigrationFiles.migration(file.name, file.toString()) { file.readText() }
        }
    }

    override fun toString(): String = "filesystem:$directory"
}
