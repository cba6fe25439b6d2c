package io.databridge.benchmark.compare

import io.databridge.benchmark.Outcome
import io.databridge.benchmark.Stats
import io.databridge.benchmark.report.Environment

/** Renders a before/after comparison as one "Speed work, round N" section of docs/benchmarks.md. */
internal class CompareReport(
    private val labels: List<String>,
    private val workloads: List<CompareWorkload>,
    private val results: List<BuildResults>,
    private val environment: Environment,
    private val warmup: Int,
    private val rounds: Int,
    private val forks: Int,
    private val minRoundMillis: Long,
    private val note: String,
    private val round: Int,
) {
    fun render(): String = buildString {
        val (before, after) = labels
        appendLine(heading(round))
        appendLine()
        if (note.isNotBlank()) appendLine("> $note").appendLine()
        appendLine("Measured by `benchmark/compare.sh` on ${environment.date}.")
        appendLine()
        appendLine("| | |")
        appendLine("|---|---|")
        appendLine("| machine | ${environment.cpus} CPUs, ${environment.cpuModel}, ${environment.memory} |")
        appendLine("| JVM | ${environment.jvm} |")
        appendLine("| PostgreSQL | ${environment.postgres} (embedded, `fsync=off`) |")
        appendLine("| CPUs | ${environment.pinning} |")
        appendLine()
        appendLine("Before is **$before**, after is **$after**: the same harness (this branch's) on each build's engine and DSL,")
        appendLine("each build in its own JVM, started afresh for each workload${if (forks > 1) " and $forks times per workload, each with its warm-up, the measured rounds split between them" else ""} (serial GC, fixed 1 GiB heap), NIO transport (but W1K), one server;")
        appendLine("the builds alternate round by round ($warmup warm-up + $rounds measured rounds per workload, each round of W1-W5 and")
        val latencies = if (forks > 1) "p50/p99 pool every measured query of a fork, the median of the forks' is shown" else "p50/p99 pool every measured query"
        appendLine("their DSL, entity and facade forms at least $minRoundMillis ms; figures are medians of rounds; $latencies).")
        appendLine("An entity workload and its DSL workload (E5 and D5, …) run interleaved, round by round.")
        appendLine("\"CPU/op\" is the worker JVM's process CPU time over the round divided by its queries; for W4 and W5 (per row) it is the CPU time of its threads, GC left out, as the process's is counted in 10 ms ticks.")
        appendLine()
        appendLine("\"after ÷ before\" is the median over rounds of after's round divided by before's round that ran next to it, with the")
        appendLine("middle half of those per-round quotients in brackets: a wide bracket says the machine's load drifted within the rounds.")
        appendLine("The CPU/op column ends with the same paired quotient of CPU time (below 1.00× costs less); on a busy machine it is the")
        appendLine("steadier figure, as CPU time does not count the time a thread waits for a core.")
        appendLine()
        appendLine("| workload | before | after | after ÷ before | p50 before → after | p99 before → after | CPU/op before → after |")
        appendLine("|---|---:|---:|---:|---:|---:|---:|")
        for (w in workloads) {
            val b = results[0].outcomes[w]
            val a = results[1].outcomes[w]
            val mb = b as? Outcome.Measured
            val ma = a as? Outcome.Measured
            val ratio = if (mb != null && ma != null) ratio(w, ma.opsPerSecond / mb.opsPerSecond) else ""
            appendLine(
                "| ${w.title} | ${figure(b)} | ${figure(a)} | $ratio | ${pair(mb?.p50Micros, ma?.p50Micros)} | " +
                    "${pair(mb?.p99Micros, ma?.p99Micros)} | ${pair(mb?.cpuMicrosPerOp, ma?.cpuMicrosPerOp)}${cpuRatio(w)} |",
            )
        }
        appendLine()
        appendLine("Above 1.00× is faster, except for allocation (B/row), where below 1.00× allocates less. Reproduce with")
        appendLine("`benchmark/compare.sh <baseline-ref> [workloads]` (about half a minute per workload, plus the builds).")
        appendLine()
        layers()
    }

    /** Each entity workload against its DSL workload, per build, from the same interleaved rounds. */
    private fun StringBuilder.layers() {
        val pairs = workloads.mapNotNull { w -> w.layerBelow?.takeIf { it in workloads }?.let { w to it } }
        if (pairs.isEmpty()) return
        appendLine("Entities against the DSL underneath, from the same interleaved rounds (entity ÷ DSL, each build against its own")
        appendLine("DSL row; throughput above 1.00× is faster, CPU/op below 1.00× costs less):")
        appendLine()
        appendLine("| | throughput before | throughput after | CPU/op before | CPU/op after |")
        appendLine("|---|---:|---:|---:|---:|")
        for ((entity, dsl) in pairs) {
            val cells = results.flatMap { build ->
                val e = build.outcomes[entity] as? Outcome.Measured
                val d = build.outcomes[dsl] as? Outcome.Measured
                listOf(quotient(e?.opsPerSecond, d?.opsPerSecond), quotient(e?.cpuMicrosPerOp, d?.cpuMicrosPerOp))
            }
            appendLine("| ${entity.name} ÷ ${dsl.name} | ${cells[0]} | ${cells[2]} | ${cells[1]} | ${cells[3]} |")
        }
        appendLine()
    }

    /** The paired per-round ratio with its spread, or [ofMedians] where the rounds cannot be paired. */
    private fun ratio(workload: CompareWorkload, ofMedians: Double): String {
        val paired = BuildResults.pairedRatios(results[0], results[1], workload) ?: return "%.2f×".format(ofMedians)
        return withSpread(paired)
    }

    /** After's CPU time per operation over before's, paired round by round, when both measured it. */
    private fun cpuRatio(workload: CompareWorkload): String =
        BuildResults.pairedRatios(results[0], results[1], workload) { it.roundCpuMicros }?.let { ", ${withSpread(it)}" } ?: ""

    private fun withSpread(paired: List<Double>): String {
        val (low, median, high) = BuildResults.spread(paired) ?: return "%.2f×".format(Stats.median(paired))
        return "%.2f× (%.2f–%.2f)".format(median, low, high)
    }

    private fun quotient(a: Double?, b: Double?): String = if (a == null || b == null || b == 0.0) "" else "%.2f×".format(a / b)

    private fun figure(outcome: Outcome?): String = when (outcome) {
        is Outcome.Measured -> "%,.0f %s".format(outcome.opsPerSecond, outcome.unit)
        is Outcome.Failed -> "FAILED: ${outcome.reason}"
        is Outcome.NotRun -> "n/a: ${outcome.reason}"
        else -> ""
    }

    private fun pair(before: Double?, after: Double?): String =
        if (before == null || after == null) "" else "${micros(before)} → ${micros(after)}"

    private fun micros(value: Double): String = when {
        value >= 1000 -> "%.2f ms".format(value / 1000)
        value >= 10 -> "%.0f µs".format(value)
        else -> "%.2f µs".format(value)
    }

    companion object {
        private const val PREFIX = "## Speed work, round "

        /** The heading of round [round]'s section; each round of speed work keeps its own. */
        fun heading(round: Int): String = "${PREFIX}$round: before/after"

        /**
         * [document] with round [round]'s section replaced by [section]; a new round goes after the earlier ones, or
         * before "How to reproduce" when there are none.
         */
        fun replaceSection(document: String, section: String, round: Int): String {
            val own = bounds(document, heading(round))
            if (own != null) return document.substring(0, own.first) + section + document.substring(own.last)
            val all = allRounds(document)
            val at = all?.last ?: document.indexOf("## How to reproduce").takeIf { it >= 0 } ?: return document + "\n" + section
            return document.substring(0, at) + section + document.substring(at)
        }

        /** Every round's section in [document], to carry into a regenerated report; empty when there is none. */
        fun sectionOf(document: String): String = allRounds(document)?.let { document.substring(it.first, it.last) } ?: ""

        /** From the first round's heading to the first heading after it that is not a round's. */
        private fun allRounds(document: String): IntRange? {
            val start = document.indexOf(PREFIX)
            if (start < 0) return null
            var end = start
            while (true) {
                val next = document.indexOf("\n## ", end + 1)
                if (next < 0) return start..document.length
                if (!document.startsWith(PREFIX, next + 1)) return start..(next + 1)
                end = next + 1
            }
        }

        /** Where the section under [heading] starts and where the next one (or the document) begins. */
        private fun bounds(document: String, heading: String): IntRange? {
            val start = document.indexOf(heading)
            if (start < 0) return null
            val end = document.indexOf("\n## ", start + heading.length).let { if (it < 0) document.length else it + 1 }
            return start..end
        }
    }
}
