package io.databridge.examples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Paths
import kotlin.io.path.extension
import kotlin.io.path.readText

/**
 * Every Kotlin or Java block in the README must stand, line for line, in a source file under `examples/`, which
 * the build compiles and the tour runs: so the README cannot show code that does not work.
 */
class ReadmeSnippetsSpec : FunSpec({
    val moduleDir = Paths.get("").toAbsolutePath()
    val readme = moduleDir.resolveSibling("README.md")
    val sources: List<String> = Files.walk(moduleDir.resolve("src/main")).use { paths ->
        paths.filter { it.extension == "kt" || it.extension == "java" }.map { normalized(it.readText()) }.toList()
    }

    val blocks = Regex("```(kotlin|java)\\n(.*?)```", RegexOption.DOT_MATCHES_ALL)
        .findAll(readme.readText()).map { it.groupValues[2] }.toList()

    test("the README shows code") { blocks.shouldNotBeEmpty() }

    blocks.forEachIndexed { i, block ->
        val firstLine = block.lineSequence().first { it.isNotBlank() }.trim()
        test("README block ${i + 1} ($firstLine) stands in the examples' sources") {
            sources.any { it.contains(normalized(block)) } shouldBe true
        }
    }
})

private fun normalized(text: String): String =
    text.lineSequence().map { it.trim() }.filter { it.isNotEmpty() }.joinToString("\n")
