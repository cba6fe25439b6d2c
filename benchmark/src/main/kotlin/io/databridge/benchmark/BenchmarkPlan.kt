package io.databridge.benchmark

/** How much work each workload does: [FULL] for the published figures, [SMOKE] for the test that keeps the instrument working. */
internal data class BenchmarkPlan(
    val name: String,
    val warmupRounds: Int,
    val rounds: Int,
    val pointSelects: Int,
    val pooledSelects: Int,
    val pipelinedSelects: Int,
    val mixedReads: Int,
    val mixedInserts: Int,
    val copyRows: Int,
    val loadRows: Int,
    val streamRows: Long,
    val pgbenchSeconds: Int,
    val pinCpus: Boolean,
    /**
     * The shortest a measured or warm-up round of W1-W5 may be: the round repeats its calls (never fewer than the
     * counts above) until this much time has passed, so a fast client's round is not over in a few milliseconds.
     */
    val minRoundMillis: Long,
) {
    val kvRows: Int get() = KV_ROWS

    companion object {
        const val KV_ROWS: Int = 10_000
        const val MIXED_ROWS: Int = 1_000
        const val CALLERS: Int = 64
        const val POOL_SIZE: Int = 4
        const val IN_FLIGHT: Int = 256
        const val STREAM_HEAP: String = "-Xmx64m"
        const val LOAD_ROWS_FULL: Int = 100_000

        // W2 rounds of 30,000 queries (about a second each): at 5,000 the pooled clients were still warming up, and a
        // probe of 2-second rounds ordered NIO and Ktor the other way round than the full run did. Rounds of at least a
        // second: W4's 30 reads took 40-90 ms, likely too short a warm-up for the decode path on a busy CPU, and the
        // same build measured 2x apart from one run to the next.
        val FULL = BenchmarkPlan(
            name = "full", warmupRounds = 2, rounds = 5, pointSelects = 3_000, pooledSelects = 30_000,
            pipelinedSelects = 10_000, mixedReads = 30, mixedInserts = 5, copyRows = 100_000, loadRows = LOAD_ROWS_FULL,
            streamRows = 10_000_000, pgbenchSeconds = 10, pinCpus = true, minRoundMillis = 1_000,
        )
        val SMOKE = BenchmarkPlan(
            name = "smoke", warmupRounds = 0, rounds = 1, pointSelects = 10, pooledSelects = 128,
            pipelinedSelects = 512, mixedReads = 1, mixedInserts = 1, copyRows = 1_000, loadRows = 1_000,
            streamRows = 20_000, pgbenchSeconds = 1, pinCpus = false, minRoundMillis = 0,
        )
    }
}
