package io.databridge.benchmark

/** What one client achieved on one workload. */
internal sealed interface Outcome {
    /**
     * A measured rate: [opsPerSecond] is the median over rounds; latencies in microseconds when recorded;
     * [cpuMicrosPerOp] the median client-JVM CPU time per operation when recorded.
     */
    data class Measured(
        val opsPerSecond: Double,
        val unit: String,
        val p50Micros: Double? = null,
        val p99Micros: Double? = null,
        val note: String = "",
        val cpuMicrosPerOp: Double? = null,
    ) : Outcome

    /** A pass/fail check (the bounded-memory stream). */
    data class Checked(val passed: Boolean, val detail: String) : Outcome

    /** The client cannot run this workload, and why. */
    data class NotRun(val reason: String) : Outcome

    /** The client ran it and broke or returned a wrong checksum. */
    data class Failed(val reason: String) : Outcome
}
