package io.databridge.benchmark

import io.databridge.benchmark.compare.CompareMain
import io.databridge.benchmark.compare.CompareReport
import io.databridge.benchmark.compare.CompareWorkload
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** The before/after instrument: workers in child JVMs driven in alternation, and the section it writes into the report. */
class CompareSpec : FunSpec({
    test("two builds run every compare workload in child JVMs and the section shows both with their ratio") {
        val classPath = System.getProperty("java.class.path")
        val section = CompareMain.run(
            listOf("before: one" to classPath, "after: two" to classPath), CompareWorkload.entries, warmup = 0, rounds = 1,
            plan = BenchmarkPlan.SMOKE, note = "smoke", round = 1, log = ::println,
        )
        println(section)
        section shouldContain CompareReport.heading(1)
        section shouldContain "**before: one**"
        section shouldNotContain "FAILED"
        for (w in CompareWorkload.entries) section shouldContain "| ${w.title} |"
        val beforeAfter = section.substringBefore("Entities against the DSL")
        Regex("""\| [\d.]+× \|""").findAll(beforeAfter).count() shouldBe CompareWorkload.entries.size
        // each entity workload ran interleaved with its DSL workload and is set against it, build by build
        for (w in CompareWorkload.entries) w.layerBelow?.let { section shouldContain Regex("""\| ${w.name} ÷ ${it.name} \| [\d.]+× \| [\d.]+× \|""") }
    }

    test("a round's section replaces its previous version, later rounds follow it, and all are kept when the report is regenerated") {
        val report = "# data-bridge benchmarks\n\n## W1 x\n\nrows\n\n## How to reproduce\n\nrun it\n"
        val one = CompareReport.heading(1)
        val two = CompareReport.heading(2)
        val first = CompareReport.replaceSection(report, "$one\n\nold figures\n\n", 1)
        first shouldContain "old figures\n\n## How to reproduce"
        val second = CompareReport.replaceSection(first, "$one\n\nnew figures\n\n", 1)
        second shouldNotContain "old figures"
        second shouldContain "## W1 x\n\nrows\n\n$one\n\nnew figures\n\n## How to reproduce"
        val third = CompareReport.replaceSection(second, "$two\n\nround two\n\n", 2)
        third shouldContain "$one\n\nnew figures\n\n$two\n\nround two\n\n## How to reproduce"
        val fourth = CompareReport.replaceSection(third, "$two\n\nround two again\n\n", 2)
        fourth shouldContain "$one\n\nnew figures\n\n$two\n\nround two again\n\n## How to reproduce"
        CompareReport.sectionOf(fourth) shouldBe "$one\n\nnew figures\n\n$two\n\nround two again\n\n"
        CompareReport.sectionOf(report) shouldBe ""
    }
})
