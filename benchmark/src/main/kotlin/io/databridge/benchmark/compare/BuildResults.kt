package io.databridge.benchmark.compare

import io.databridge.benchmark.Outcome
import io.databridge.benchmark.Stats

/**
 * What one build's workers reported: each workload's outcome from each fork (worker JVM) that ran it, and the rate
 * and CPU time per operation of each of its measured rounds, in the order they ran, forks one after the other.
 */
internal class BuildResults(
    val roundRates: MutableMap<CompareWorkload, List<Double>> = HashMap(),
    val roundCpuMicros: MutableMap<CompareWorkload, List<Double>> = HashMap(),
) {
    private val forkOutcomes = HashMap<CompareWorkload, MutableList<Outcome>>()

    /** Adds one fork's [outcome] of [workload]. */
    fun addOutcome(workload: CompareWorkload, outcome: Outcome) {
        forkOutcomes.getOrPut(workload) { ArrayList() } += outcome
    }

    /** Appends one fork's measured rounds of [workload] to [into] ([roundRates] or [roundCpuMicros]). */
    fun addRounds(into: MutableMap<CompareWorkload, List<Double>>, workload: CompareWorkload, figures: List<Double>) {
        into[workload] = into[workload].orEmpty() + figures
    }

    /**
     * Each workload's outcome over all its forks: a fork that failed or did not run decides it; otherwise medians over
     * every fork's rounds, and the median of the forks' p50 and p99 (each pools the queries of one fork).
     */
    val outcomes: Map<CompareWorkload, Outcome>
        get() = forkOutcomes.mapValues { (workload, forks) ->
            val measured = forks.filterIsInstance<Outcome.Measured>()
            if (measured.size < forks.size) return@mapValues forks.first { it !is Outcome.Measured }
            if (measured.size == 1) return@mapValues measured.single()
            fun median(values: List<Double?>): Double? = values.filterNotNull().takeIf { it.isNotEmpty() }?.let(Stats::median)
            Outcome.Measured(
                opsPerSecond = roundRates[workload]?.let(Stats::median) ?: Stats.median(measured.map { it.opsPerSecond }),
                unit = measured.first().unit,
                p50Micros = median(measured.map { it.p50Micros }),
                p99Micros = median(measured.map { it.p99Micros }),
                cpuMicrosPerOp = roundCpuMicros[workload]?.let(Stats::median) ?: median(measured.map { it.cpuMicrosPerOp }),
            )
        }

    companion object {
        /**
         * Round r of [after] over round r of [before] (as [figures] picks them: rates or CPU times), sorted; null unless
         * both ran every round. The two builds ran round r back to back, so each quotient compares them under the same
         * load, which the ratio of two medians taken over minutes of a drifting shared machine does not.
         */
        fun pairedRatios(
            before: BuildResults,
            after: BuildResults,
            workload: CompareWorkload,
            figures: (BuildResults) -> Map<CompareWorkload, List<Double>> = { it.roundRates },
        ): List<Double>? {
            val b = figures(before)[workload] ?: return null
            val a = figures(after)[workload] ?: return null
            if (a.size != b.size || a.isEmpty()) return null
            return a.indices.map { a[it] / b[it] }.sorted()
        }

        /** The median of [sorted] with its interquartile range when there are enough rounds to have one. */
        fun spread(sorted: List<Double>): Triple<Double, Double, Double>? {
            if (sorted.size < MIN_ROUNDS_FOR_SPREAD) return null
            return Triple(Stats.percentile(sorted, 0.25)!!, Stats.median(sorted), Stats.percentile(sorted, 0.75)!!)
        }

        private const val MIN_ROUNDS_FOR_SPREAD = 4
    }
}
