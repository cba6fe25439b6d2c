package io.databridge.examples

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.io.path.extension
import kotlin.io.path.name
import kotlin.io.path.readText

/**
 * Every Kotlin or Java block in the README and in `docs/` must stand, line for line, in a source file under
 * `examples/`, which the build compiles and the tour runs: so the documentation cannot show code that does not work.
 * Links between the pages must lead to files of the repository.
 */
class DocSnippetsSpec : FunSpec({
    val moduleDir = Paths.get("").toAbsolutePath()
    val root = moduleDir.parent
    val sources: List<String> = Files.walk(moduleDir.resolve("src/main")).use { paths ->
        paths.filter { it.extension == "kt" || it.extension == "java" }.map { normalized(it.readText()) }.toList()
    }
    val pages: List<Path> = listOf(root.resolve("README.md")) +
        Files.list(root.resolve("docs")).use { files -> files.filter { it.extension == "md" }.sorted().toList() }

    test("the README and every docs page show code") {
        for (page in pages.filter { it == root.resolve("README.md") || it.name in GUIDE_PAGES }) {
            withClue(page) { blocksOf(page).shouldNotBeEmpty() }
        }
    }

    for (page in pages) {
        val name = root.relativize(page).toString()
        blocksOf(page).forEachIndexed { i, block ->
            val firstLine = block.lineSequence().first { it.isNotBlank() }.trim()
            test("$name block ${i + 1} ($firstLine) stands in the examples' sources") {
                sources.any { it.contains(normalized(block)) } shouldBe true
            }
        }
        test("$name links only to files that exist") {
            val missing = Regex("\\]\\(([^)#:]+)(#[^)]*)?\\)").findAll(page.readText())
                .map { it.groupValues[1] }
                .filterNot { Files.exists(page.parent.resolve(it)) }
                .toList()
            missing shouldBe emptyList()
        }
    }
})

/** The guide pages that teach by code (the generated and reference pages need none). */
private val GUIDE_PAGES = setOf(
    "getting-started.md", "engine.md", "dsl.md", "schema-and-migrations.md", "entities.md", "replication.md",
    "java.md", "ktor.md", "observability.md",
)

private fun blocksOf(page: Path): List<String> =
    Regex("```(kotlin|java)\\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(page.readText()).map { it.groupValues[2] }.toList()

private fun normalized(text: String): String =
    text.lineSequence().map { it.trim() }.filter { it.isNotEmpty() }.joinToString("\n")
