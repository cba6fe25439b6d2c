package io.databridge.benchmark

import io.databridge.benchmark.compare.CompareReport
import io.databridge.benchmark.replication.ReplicationSection
import java.io.File
import kotlin.system.exitProcess

/**
 * Runs the benchmark: `[--smoke] [--out FILE] [--note TEXT]`. The full plan writes docs/benchmarks.md;
 * the smoke plan prints the report unless --out is given.
 */
public object BenchmarkMain {
    /** The command-line entry point used by benchmark/run.sh. */
    @JvmStatic
    public fun main(args: Array<String>) {
        var plan = BenchmarkPlan.FULL
        var out: File? = File("docs/benchmarks.md")
        var note = ""
        var i = 0
        while (i < args.size) {
            when (args[i]) {
                "--smoke" -> {
                    plan = BenchmarkPlan.SMOKE
                    out = null
                }
                "--out" -> out = File(args.getOrNull(++i) ?: usage("--out needs a file"))
                "--note" -> note = args.getOrNull(++i) ?: usage("--note needs a text")
                else -> usage("unknown argument '${args[i]}'")
            }
            i++
        }
        val started = System.nanoTime()
        val target = out
        // The before/after sections come from benchmark/compare.sh and the replication one from benchmark/replication.sh,
        // not from this run: keep them.
        val carried = target?.takeIf { it.exists() }?.readText()?.let { CompareReport.sectionOf(it) + ReplicationSection.of(it) } ?: ""
        val result = BenchmarkRun(plan) { System.err.println(it) }.execute(note = note, carried = carried)
        if (target == null) println(result.markdown) else {
            target.parentFile?.mkdirs()
            target.writeText(result.markdown)
            System.err.println("wrote ${target.path}")
        }
        System.err.println("finished in ${(System.nanoTime() - started) / 1_000_000_000} s")
        exitProcess(0)
    }

    private fun usage(problem: String): Nothing {
        System.err.println("$problem\nusage: run.sh [--smoke] [--out FILE] [--note TEXT]")
        exitProcess(2)
    }
}
