package io.databridge.pg

import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.extension
import kotlin.io.path.invariantSeparatorsPathString
import kotlin.io.path.readBytes
import kotlin.io.path.relativeTo

/** The engine's compiled classes, scanned for references to an optional dependency. */
object EngineClasses {
    private val root: Path = Path.of(PgPool::class.java.protectionDomain.codeSource.location.toURI())

    /** The classes (relative paths) whose constant pool names [internalPrefix] (e.g. `org/slf4j/`). */
    fun referringTo(internalPrefix: String): List<String> = Files.walk(root).use { paths ->
        paths.filter { it.extension == "class" }
            .filter { String(it.readBytes(), Charsets.ISO_8859_1).contains(internalPrefix) }
            .map { it.relativeTo(root).invariantSeparatorsPathString }
            .toList()
    }
}
