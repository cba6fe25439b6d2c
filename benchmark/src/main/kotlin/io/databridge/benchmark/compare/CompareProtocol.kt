package io.databridge.benchmark.compare

import io.databridge.benchmark.Outcome

/** The line protocol between [CompareMain] and its [CompareWorker]s: marked lines, outcomes as space-separated fields. */
internal object CompareProtocol {
    /** Starts every protocol line, so stray library output on stdout cannot be mistaken for one. */
    const val MARK: String = "@@compare "

    fun send(line: String) {
        println(MARK + line)
        System.out.flush()
    }

    fun encode(outcome: Outcome): String = when (outcome) {
        is Outcome.Measured -> listOf(outcome.opsPerSecond, outcome.unit, outcome.p50Micros, outcome.p99Micros, outcome.cpuMicrosPerOp)
            .joinToString(" ", prefix = "M ") { it?.toString() ?: "-" }
        is Outcome.Failed -> "F ${outcome.reason}"
        is Outcome.NotRun -> "N ${outcome.reason}"
        is Outcome.Checked -> "F unexpected pass/fail outcome"
    }

    fun decode(fields: String): Outcome {
        val kind = fields.substringBefore(' ')
        val rest = fields.substringAfter(' ', "")
        return when (kind) {
            "M" -> {
                val f = rest.split(' ')
                fun number(i: Int): Double? = f[i].takeIf { it != "-" }?.toDouble()
                Outcome.Measured(f[0].toDouble(), f[1], number(2), number(3), cpuMicrosPerOp = number(4))
            }
            "N" -> Outcome.NotRun(rest)
            else -> Outcome.Failed(rest)
        }
    }
}
