package io.databridge.benchmark

/** Collects one client's rounds of one workload and turns them into an [Outcome]. */
internal class RoundRecorder(private val unit: String) {
    private val rates = ArrayList<Double>()
    private val latenciesMicros = ArrayList<Double>()
    private val cpuMicrosPerOp = ArrayList<Double>()
    var terminal: Outcome? = null
        private set

    /** Each measured round's rate, in the order the rounds ran. */
    val roundRates: List<Double> get() = rates

    /** Each measured round's CPU time per operation, in the order the rounds ran; empty when not measured. */
    val roundCpuMicros: List<Double> get() = cpuMicrosPerOp

    /** One round: [cpuNanos] is the process CPU time the round used, when measured. */
    fun record(operations: Long, elapsedNanos: Long, latencies: DoubleArray? = null, cpuNanos: Long? = null) {
        rates += operations * 1e9 / elapsedNanos
        if (cpuNanos != null) cpuMicrosPerOp += cpuNanos / 1000.0 / operations
        latencies?.forEach { latenciesMicros += it }
    }

    /** Stops this client on this workload with [error]: n/a for [NotApplicable], failed otherwise. */
    fun stop(error: Throwable) {
        terminal = if (error is NotApplicable) Outcome.NotRun(error.reason) else Outcome.Failed(describe(error))
    }

    fun outcome(): Outcome {
        terminal?.let { return it }
        val sorted = latenciesMicros.sorted()
        val cpu = if (cpuMicrosPerOp.isEmpty()) null else Stats.median(cpuMicrosPerOp)
        return Outcome.Measured(Stats.median(rates), unit, Stats.percentile(sorted, 0.50), Stats.percentile(sorted, 0.99), cpuMicrosPerOp = cpu)
    }

    companion object {
        fun describe(error: Throwable): String =
            "${error.javaClass.simpleName}: ${error.message?.lineSequence()?.firstOrNull()?.take(200) ?: ""}"
    }
}
