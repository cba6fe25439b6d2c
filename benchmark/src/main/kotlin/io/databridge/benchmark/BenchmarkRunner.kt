package io.databridge.benchmark

/**
 * Runs every workload against every client, interleaved: each round visits all clients, starting with a
 * different one each time, so drift on a shared machine spreads over everyone. Warm-up rounds are not kept.
 */
internal class BenchmarkRunner(
    private val plan: BenchmarkPlan,
    private val server: BenchServer,
    private val log: (String) -> Unit,
) {
    private class Live(val entry: ClientEntry, val client: BenchmarkClient)

    /** Runs everything and returns the outcome of each (workload, client id); clients without a factory get their reason. */
    fun run(entries: List<ClientEntry>): Map<Workload, Map<String, Outcome>> {
        val results = LinkedHashMap<Workload, MutableMap<String, Outcome>>()
        Workload.entries.forEach { results[it] = LinkedHashMap() }
        val live = ArrayList<Live>()
        try {
            for (entry in entries) {
                val create = entry.create
                if (create == null) {
                    Workload.entries.forEach { results.getValue(it)[entry.id] = Outcome.NotRun(entry.unavailable) }
                    continue
                }
                try {
                    live += Live(entry, create().also { it.open(server.address) })
                } catch (e: Throwable) {
                    val failure = Outcome.Failed("open: ${RoundRecorder.describe(e)}")
                    Workload.entries.forEach { results.getValue(it)[entry.id] = failure }
                }
            }
            val rounds = WorkloadRounds(plan, server)
            results.getValue(Workload.W1_POINT_SELECT) += measure(Workload.W1_POINT_SELECT, live, "queries/s") { c, r, rec -> rounds.pointSelects(c, r, rec) }
            results.getValue(Workload.W2_POOLED) += measure(Workload.W2_POOLED, live, "queries/s") { c, r, rec -> rounds.pooledPointSelects(c, r, rec) }
            results.getValue(Workload.W3_PIPELINED) += measure(Workload.W3_PIPELINED, live, "queries/s") { c, r, rec -> rounds.pipelinedPointSelects(c, r, rec) }
            results.getValue(Workload.W4_MIXED_READ) += measure(Workload.W4_MIXED_READ, live, "rows/s") { c, _, rec -> rounds.mixedReads(c, rec) }
            results.getValue(Workload.W8_ALLOCATION) += live.associate {
                it.entry.id to if (Workload.W8_ALLOCATION in it.entry.workloads) rounds.allocationPerRow(it.client) else Outcome.NotRun(it.entry.skipped)
            }
            results.getValue(Workload.W5_BATCH_INSERT) += measure(Workload.W5_BATCH_INSERT, live, "rows/s") { c, _, rec -> rounds.inserts(c, rec) }
            results.getValue(Workload.W6_COPY) += measure(Workload.W6_COPY, live, "rows/s") { c, _, rec -> rounds.copyIn(c, rec) }
            results.getValue(Workload.W6B_LOAD) += measure(Workload.W6B_LOAD, live, "rows/s") { c, _, rec -> rounds.loads(c, rec) }
        } finally {
            live.forEach { runCatching { it.client.close() } }
        }
        log("W8b: streaming ${plan.streamRows} rows per client in child JVMs")
        for (entry in entries.filter { it.create != null && results.getValue(Workload.W1_POINT_SELECT)[it.id] !is Outcome.Failed }) {
            results.getValue(Workload.W8_STREAM)[entry.id] =
                if (Workload.W8_STREAM in entry.workloads) StreamProbe.runChild(entry, server.address, plan.streamRows) else Outcome.NotRun(entry.skipped)
            log("  ${entry.id}: ${results.getValue(Workload.W8_STREAM)[entry.id]}")
        }
        return results
    }

    private fun measure(
        workload: Workload,
        live: List<Live>,
        unit: String,
        round: (BenchmarkClient, Int, RoundRecorder) -> Unit,
    ): Map<String, Outcome> {
        log("${workload.name}: ${plan.warmupRounds} warm-up + ${plan.rounds} rounds")
        val recorders = live.associate { l ->
            l.entry.id to RoundRecorder(unit).also { if (workload !in l.entry.workloads) it.stop(NotApplicable(l.entry.skipped)) }
        }
        val total = plan.warmupRounds + plan.rounds
        for (r in 0 until total) {
            for (k in live.indices) {
                val client = live[(k + r) % live.size]
                val recorder = recorders.getValue(client.entry.id)
                if (recorder.terminal != null) continue
                // Warm-up rounds go to a throwaway recorder so they do the same work but leave no figures.
                val target = if (r < plan.warmupRounds) RoundRecorder(unit) else recorder
                try {
                    round(client.client, r, target)
                } catch (e: Throwable) {
                    recorder.stop(e)
                }
            }
        }
        return recorders.mapValues { (id, rec) -> rec.outcome().also { log("  $id: $it") } }
    }
}
