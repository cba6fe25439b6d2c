package io.databridge.dsl.migrate

import java.net.JarURLConnection
import java.net.URL
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.io.path.readText

/**
 * The SQL migration files under a resource folder ([folder], e.g. `db/migration`) of a class loader, whether the
 * folder is a directory (tests, exploded builds) or inside jars (a packaged service); every match on the class path
 * contributes. A folder found nowhere is an error, so a misspelt location does not silently run nothing.
 */
internal class ClasspathMigrationSource(folder: String, private val classLoader: ClassLoader) : MigrationSource {
    private val folder = folder.trim('/')

    override fun migrations(): List<Migration> {
        val roots = classLoader.getResources(folder).toList()
        if (roots.isEmpty()) throw MigrationSourceException("classpath location classpath:$folder was not found")
        return roots.flatMap(::resourcesUnder).sortedBy { it.first }.mapNotNull { (name, text) ->
            MigrationFiles.migration(name.substringAfterLast('/'), "classpath:$folder/$name", text)
        }
    }

    /** Every resource below [root] as (path relative to the folder, its text read on demand). */
    private fun resourcesUnder(root: URL): List<Pair<String, () -> String>> = when (root.protocol) {
        "file" -> filesUnder(Paths.get(root.toURI()))
        "jar" -> entriesUnder(root)
        else -> throw MigrationSourceException("classpath:$folder is at $root, which cannot be scanned (only directories and jars)")
    }

    private fun filesUnder(dir: Path): List<Pair<String, () -> String>> =
        DirectoryWalk.regularFiles(dir).map { file -> dir.relativize(file).joinToString("/") to { file.readText() } }

    // Entries are read while the jar is open: only the few small files under the folder.
    private fun entriesUnder(root: URL): List<Pair<String, () -> String>> {
        val connection = root.openConnection() as JarURLConnection
        connection.useCaches = false
        return connection.jarFile.use { jar ->
            val prefix = connection.entryName.trimEnd('/') + "/"
            jar.entries().toList()
                .filter { !it.isDirectory && it.name.startsWith(prefix) }
                .map { entry ->
                    val text = jar.getInputStream(entry).use { it.readBytes().toString(Charsets.UTF_8) }
                    entry.name.removePrefix(prefix) to { text }
                }
        }
    }

    override fun toString(): String = "classpath:$folder"
}
