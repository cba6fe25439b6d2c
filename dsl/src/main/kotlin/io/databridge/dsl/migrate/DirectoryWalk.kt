package io.databridge.dsl.migrate

import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.isRegularFile

/** Lists files below a directory, in a stable order. */
internal object DirectoryWalk {
    /** Every regular file below [dir], sorted by path. */
    fun regularFiles(dir: Path): List<Path> = Files.walk(dir).use { paths -> paths.filter { it.isRegularFile() }.sorted().toList() }
}
