package io.databridge.examples

import io.databridge.embedded.EmbeddedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The README's first command runs this tour; running it here keeps that command from breaking unnoticed. */
class TourSpec : FunSpec({
    test("every step of the tour holds") { runTour() shouldBe true }

    test("the DSL tour checks each of its steps") {
        val checks = EmbeddedPostgres.start().use { pg -> dslTour(pg.url()) }
        checks shouldBe listOf(
            "schema from table objects" to true,
            "dsl upsert returning" to true,
            "dsl transaction" to true,
            "dsl typed join" to true,
            "dsl aggregate filter" to true,
            "dsl mapTo" to true,
        )
    }
})
