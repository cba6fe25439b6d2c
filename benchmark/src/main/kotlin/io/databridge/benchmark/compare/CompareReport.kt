package io.databridge.benchmark.compare

import io.databridge.benchmark.Outcome
import io.databridge.benchmark.report.Environment

/** Renders a before/after comparison as the "Speed work" section of docs/benchmarks.md. */
internal class CompareReport(
    private val labels: List<String>,
    private val workloads: List<CompareWorkload>,
    private val results: List<Map<CompareWorkload, Outcome>>,
    private val environment: Environment,
    private val warmup: Int,
    private val rounds: Int,
    private val note: String,
) {
    fun render(): String = buildString {
        val (before, after) = labels
        appendLine(HEADING)
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
        appendLine("each build in its own JVM, NIO transport, one server; the builds alternate round by round ($warmup warm-up +")
        appendLine("$rounds measured rounds per workload, figures are medians of rounds; p50/p99 pool every measured query).")
        appendLine("\"CPU/query\" is the worker JVM's process CPU time over the round divided by its queries.")
        appendLine()
        appendLine("| workload | before | after | after ÷ before | p50 before → after | p99 before → after | CPU/query before → after |")
        appendLine("|---|---:|---:|---:|---:|---:|---:|")
        for (w in workloads) {
            val b = results[0][w]
            val a = results[1][w]
            val mb = b as? Outcome.Measured
            val ma = a as? Outcome.Measured
            val ratio = if (mb != null && ma != null) "%.2f×".format(ma.opsPerSecond / mb.opsPerSecond) else ""
            appendLine(
                "| ${w.title} | ${figure(b)} | ${figure(a)} | $ratio | ${pair(mb?.p50Micros, ma?.p50Micros)} | " +
                    "${pair(mb?.p99Micros, ma?.p99Micros)} | ${pair(mb?.cpuMicrosPerOp, ma?.cpuMicrosPerOp)} |",
            )
        }
        appendLine()
        appendLine("Above 1.00× is faster, except for allocation (B/row), where below 1.00× allocates less. Reproduce with")
        appendLine("`benchmark/compare.sh <baseline-ref> [workloads]` (about two minutes with the builds).")
        appendLine()
    }

    private fun figure(outcome: Outcome?): String = when (outcome) {
        is Outcome.Measured -> "%,.0f %s".format(outcome.opsPerSecond, outcome.unit)
        is Outcome.Failed -> "FAILED: ${outcome.reason}"
        is Outcome.NotRun -> "n/a: ${outcome.reason}"
        else -> ""
    }

    private fun pair(before: Double?, after: Double?): String =
        if (before == null || after == null) "" else "${micros(before)} → ${micros(after)}"

    private fun micros(value: Double): String = if (value >= 1000) "%.2f ms".format(value / 1000) else "%.0f µs".format(value)

    companion object {
        const val HEADING: String = "## Speed work, round 1: before/after"

        /** [document] with its section under [HEADING] replaced by [section], or [section] added before "How to reproduce". */
        fun replaceSection(document: String, section: String): String {
            val at = bounds(document)
            if (at != null) return document.substring(0, at.first) + section + document.substring(at.last)
            val reproduce = document.indexOf("## How to reproduce")
            return if (reproduce < 0) document + "\n" + section else document.substring(0, reproduce) + section + document.substring(reproduce)
        }

        /** The section under [HEADING] in [document], to carry into a regenerated report; empty when there is none. */
        fun sectionOf(document: String): String = bounds(document)?.let { document.substring(it.first, it.last) } ?: ""

        /** Where the section starts and where the next one (or the document) begins. */
        private fun bounds(document: String): IntRange? {
            val start = document.indexOf(HEADING)
            if (start < 0) return null
            val end = document.indexOf("\n## ", start + HEADING.length).let { if (it < 0) document.length else it + 1 }
            return start..end
        }
    }
}
