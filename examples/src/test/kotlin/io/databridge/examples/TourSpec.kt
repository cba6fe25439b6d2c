package io.databridge.examples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The README's first command runs this tour; running it here keeps that command from breaking unnoticed. */
class TourSpec : FunSpec({
    test("every step of the tour holds") { runTour() shouldBe true }
})
