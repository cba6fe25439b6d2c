package io.databridge.benchmark.compare

import io.databridge.benchmark.Outcome
import io.databridge.benchmark.Stats

/**
 * What one build's workers reported: each workload's outcome, and the rate and CPU time per operation of each of its
 * measured rounds, in the order they ran.
 */
internal class BuildResults(
    val outcomes: MutableMap<CompareWorkload, Outcome> = HashMap(),
    val roundRates: MutableMap<CompareWorkload, List<Double>> = HashMap(),
    val roundCpuMicros: MutableMap<CompareWorkload, List<Double>> = HashMap(),
) {
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
