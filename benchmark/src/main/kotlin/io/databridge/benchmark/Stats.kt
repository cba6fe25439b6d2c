package io.databridge.benchmark

/** Medians and percentiles over measured values. */
internal object Stats {
    fun median(values: List<Double>): Double = percentile(values.sorted(), 0.5) ?: Double.NaN

    /** The nearest-rank percentile of an already sorted list, or null when it is empty. */
    fun percentile(sorted: List<Double>, fraction: Double): Double? {
        if (sorted.isEmpty()) return null
        val rank = Math.ceil(fraction * sorted.size).toInt().coerceIn(1, sorted.size)
        return sorted[rank - 1]
    }
}
