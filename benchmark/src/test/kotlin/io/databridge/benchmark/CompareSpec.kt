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
            plan = BenchmarkPlan.SMOKE, note = "smoke", log = ::println,
        )
        println(section)
        section shouldContain CompareReport.HEADING
        section shouldContain "**before: one**"
        section shouldNotContain "FAILED"
        for (w in CompareWorkload.entries) section shouldContain "| ${w.title} |"
        Regex("""\| [\d.]+× \|""").findAll(section).count() shouldBe CompareWorkload.entries.size
    }

    test("the section replaces its previous version and is kept when the full report is regenerated") {
        val report = "# data-bridge benchmarks\n\n## W1 x\n\nrows\n\n## How to reproduce\n\nrun it\n"
        val first = CompareReport.replaceSection(report, "${CompareReport.HEADING}\n\nold figures\n\n")
        first shouldContain "old figures\n\n## How to reproduce"
        val second = CompareReport.replaceSection(first, "${CompareReport.HEADING}\n\nnew figures\n\n")
        second shouldNotContain "old figures"
        second shouldContain "## W1 x\n\nrows\n\n${CompareReport.HEADING}\n\nnew figures\n\n## How to reproduce"
        CompareReport.sectionOf(second) shouldBe "${CompareReport.HEADING}\n\nnew figures\n\n"
        CompareReport.sectionOf(report) shouldBe ""
    }
})
