package io.databridge.benchmark

import io.databridge.benchmark.compare.BuildResults
import io.databridge.benchmark.compare.CompareMain
import io.databridge.benchmark.compare.CompareReport
import io.databridge.benchmark.compare.CompareWorkload
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** The before/after instrument: workers in child JVMs driven in alternation, and the section it writes into the report. */
class CompareSpec : FunSpec({
    test("two builds run every compare workload in fresh child JVMs and the section shows both with their paired ratio") {
        val classPath = System.getProperty("java.class.path")
        val section = CompareMain.run(
            listOf("before: one" to classPath, "after: two" to classPath), CompareWorkload.entries, warmup = 0, rounds = 4,
            plan = BenchmarkPlan.SMOKE, note = "smoke", round = 1, log = ::println,
        )
        println(section)
        section shouldContain CompareReport.heading(1)
        section shouldContain "**before: one**"
        section shouldNotContain "FAILED"
        for (w in CompareWorkload.entries) section shouldContain "| ${w.title} |"
        val beforeAfter = section.substringBefore("Entities against the DSL")
        // four rounds each: every ratio is the median of per-round quotients with their middle half in brackets
        Regex("""\| [\d.]+× \([\d.]+–[\d.]+\) \|""").findAll(beforeAfter).count() shouldBe CompareWorkload.entries.size
        // and the CPU time per operation, where measured (W4's is), paired the same way
        beforeAfter shouldContain Regex("""\| W4 .* µs, [\d.]+× \([\d.]+–[\d.]+\) \|""")
        // each entity workload ran interleaved with its DSL workload and is set against it, build by build
        for (w in CompareWorkload.entries) w.layerBelow?.let { section shouldContain Regex("""\| ${w.name} ÷ ${it.name} \| [\d.]+× \| [\d.]+× \|""") }
    }

    test("forks split the rounds over fresh worker JVMs and their rounds pool into one paired ratio") {
        val classPath = System.getProperty("java.class.path")
        val section = CompareMain.run(
            listOf("before: one" to classPath, "after: two" to classPath), listOf(CompareWorkload.W4, CompareWorkload.W8A),
            warmup = 0, rounds = 4, plan = BenchmarkPlan.SMOKE, note = "forks", round = 1, log = ::println, forks = 2,
        )
        section shouldContain "and 2 times per workload"
        section shouldNotContain "FAILED"
        // two forks of two rounds each: four pairs, enough for the bracket
        Regex("""\| [\d.]+× \([\d.]+–[\d.]+\) \|""").findAll(section).count() shouldBe 2
    }

    test("the outcome over forks takes the medians of all their rounds; a fork that failed decides it") {
        val w = CompareWorkload.W4
        val results = BuildResults()
        results.addOutcome(w, Outcome.Measured(100.0, "rows/s", p50Micros = 10.0, p99Micros = 50.0, cpuMicrosPerOp = 1.0))
        results.addRounds(results.roundRates, w, listOf(90.0, 100.0, 110.0))
        results.addRounds(results.roundCpuMicros, w, listOf(1.0, 1.0, 1.0))
        results.addOutcome(w, Outcome.Measured(200.0, "rows/s", p50Micros = 30.0, p99Micros = 70.0, cpuMicrosPerOp = 2.0))
        results.addRounds(results.roundRates, w, listOf(190.0, 200.0, 210.0))
        results.addRounds(results.roundCpuMicros, w, listOf(2.0, 2.0, 2.0))
        val merged = results.outcomes.getValue(w) as Outcome.Measured
        merged.opsPerSecond shouldBe 110.0 // the nearest-rank median of the six rounds
        merged.cpuMicrosPerOp shouldBe 1.0
        merged.p50Micros shouldBe 10.0 // the median of the two forks' p50, nearest rank
        results.roundRates.getValue(w).size shouldBe 6
        results.addOutcome(w, Outcome.Failed("broke"))
        results.outcomes.getValue(w) shouldBe Outcome.Failed("broke")
    }

    test("the ratio pairs each round of one build with the round of the other that ran next to it") {
        val w = CompareWorkload.W4
        // The load halved the rate of rounds 2 and 3 for both builds; after is 10% faster in every pair.
        val before = BuildResults(roundRates = mutableMapOf(w to listOf(100.0, 50.0, 50.0, 100.0, 100.0)))
        val after = BuildResults(roundRates = mutableMapOf(w to listOf(110.0, 55.0, 55.0, 110.0, 110.0)))
        val paired = BuildResults.pairedRatios(before, after, w)!!
        paired.forEach { it shouldBe (1.1 plusOrMinus 1e-9) }
        BuildResults.spread(paired)!!.second shouldBe (1.1 plusOrMinus 1e-9)
        BuildResults.spread(paired.take(3)) shouldBe null
        // a build that lost a round cannot be paired
        BuildResults.pairedRatios(before, BuildResults(roundRates = mutableMapOf(w to listOf(110.0))), w) shouldBe null
        BuildResults.pairedRatios(before, BuildResults(), w) shouldBe null
        // CPU times pair the same way; the rates are not consulted for them
        val cpuBefore = BuildResults(roundCpuMicros = mutableMapOf(w to listOf(2.0, 2.0, 4.0, 4.0)))
        val cpuAfter = BuildResults(roundCpuMicros = mutableMapOf(w to listOf(1.0, 1.0, 2.0, 2.0)))
        BuildResults.pairedRatios(cpuBefore, cpuAfter, w) { it.roundCpuMicros } shouldBe listOf(0.5, 0.5, 0.5, 0.5)
        BuildResults.pairedRatios(cpuBefore, cpuAfter, w) shouldBe null
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
