package io.databridge.benchmark

import io.databridge.benchmark.workload.CopyPayload
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.Queries
import java.lang.management.ManagementFactory

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
            results.getValue(Workload.W1_POINT_SELECT) += measure(Workload.W1_POINT_SELECT, live, "queries/s") { c, r, rec -> pointSelects(c, r, rec) }
            results.getValue(Workload.W2_POOLED) += measure(Workload.W2_POOLED, live, "queries/s") { c, r, rec ->
                val ids = keys(plan.pooledSelects, r)
                timed(rec, ids.size.toLong()) { c.pooledPointSelects(ids, BenchmarkPlan.CALLERS, BenchmarkPlan.POOL_SIZE) }
                    .also { verify("sum of pooled point selects", expectedSum(ids), it) }
            }
            results.getValue(Workload.W3_PIPELINED) += measure(Workload.W3_PIPELINED, live, "queries/s") { c, r, rec ->
                val ids = keys(plan.pipelinedSelects, r)
                timed(rec, ids.size.toLong(), withCpu = true) { c.pipelinedPointSelects(ids, BenchmarkPlan.IN_FLIGHT) }
                    .also { verify("sum of pipelined point selects", expectedSum(ids), it) }
            }
            results.getValue(Workload.W4_MIXED_READ) += measure(Workload.W4_MIXED_READ, live, "rows/s") { c, _, rec -> mixedReads(c, rec) }
            results.getValue(Workload.W8_ALLOCATION) += live.associate { it.entry.id to allocationPerRow(it.client) }
            results.getValue(Workload.W5_BATCH_INSERT) += measure(Workload.W5_BATCH_INSERT, live, "rows/s") { c, _, rec -> inserts(c, rec) }
            val payload = CopyPayload.text(plan.copyRows)
            results.getValue(Workload.W6_COPY) += measure(Workload.W6_COPY, live, "rows/s") { c, _, rec ->
                server.truncate("bench_copy")
                timed(rec, plan.copyRows.toLong()) { c.copyIn(payload, plan.copyRows) }
                    .also { verify("rows reported by COPY", plan.copyRows.toLong(), it) }
                verify("rows and sum(id) in bench_copy", CopyPayload.countAndSum(plan.copyRows), server.countAndSum("bench_copy", "id"))
            }
        } finally {
            live.forEach { runCatching { it.client.close() } }
        }
        log("W8b: streaming ${plan.streamRows} rows per client in child JVMs")
        for (entry in entries.filter { it.create != null && results.getValue(Workload.W1_POINT_SELECT)[it.id] !is Outcome.Failed }) {
            results.getValue(Workload.W8_STREAM)[entry.id] = StreamProbe.runChild(entry, server.address, plan.streamRows)
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
        val recorders = live.associate { it.entry.id to RoundRecorder(unit) }
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

    private fun pointSelects(client: BenchmarkClient, round: Int, recorder: RoundRecorder) {
        val ids = keys(plan.pointSelects, round)
        val latencies = DoubleArray(ids.size)
        var sum = 0L
        val cpuStart = processCpuNanos()
        val start = System.nanoTime()
        for (i in ids.indices) {
            val t0 = System.nanoTime()
            sum += client.pointSelect(ids[i])
            latencies[i] = (System.nanoTime() - t0) / 1000.0
        }
        val elapsed = System.nanoTime() - start
        val cpu = processCpuNanos() - cpuStart
        verify("sum of point selects", expectedSum(ids), sum)
        recorder.record(ids.size.toLong(), elapsed, latencies, cpu)
    }

    private fun mixedReads(client: BenchmarkClient, recorder: RoundRecorder) {
        var elapsed = 0L
        repeat(plan.mixedReads) {
            val digest = MixedDigest()
            val start = System.nanoTime()
            client.readMixedRows(digest)
            elapsed += System.nanoTime() - start
            verify("rows decoded", BenchmarkPlan.MIXED_ROWS, digest.rows)
            verify("digest of decoded rows", EXPECTED_DIGEST, digest.value)
        }
        recorder.record(plan.mixedReads.toLong() * BenchmarkPlan.MIXED_ROWS, elapsed)
    }

    private fun inserts(client: BenchmarkClient, recorder: RoundRecorder) {
        var elapsed = 0L
        repeat(plan.mixedInserts) {
            server.truncate("bench_insert")
            val start = System.nanoTime()
            val inserted = client.insertMixedRows(MIXED_ROWS)
            elapsed += System.nanoTime() - start
            verify("rows reported inserted", MIXED_ROWS.size.toLong(), inserted)
            verify("rows and sum(c_int8) in bench_insert", EXPECTED_INSERTED, server.countAndSum("bench_insert", "c_int8"))
        }
        recorder.record(plan.mixedInserts.toLong() * BenchmarkPlan.MIXED_ROWS, elapsed)
    }

    /** Bytes allocated by all JVM threads per decoded W4 row: event-loop clients decode off the calling thread. */
    private fun allocationPerRow(client: BenchmarkClient): Outcome = try {
        val threads = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        fun allocated(): Long = threads.getThreadAllocatedBytes(threads.allThreadIds).filter { it > 0 }.sum()
        val reads = maxOf(plan.mixedReads, 1)
        val before = allocated()
        repeat(reads) { client.readMixedRows(MixedDigest()) }
        val bytes = allocated() - before
        Outcome.Measured(bytes.toDouble() / (reads.toLong() * BenchmarkPlan.MIXED_ROWS), "B/row")
    } catch (e: Throwable) {
        if (e is NotApplicable) Outcome.NotRun(e.reason) else Outcome.Failed(RoundRecorder.describe(e))
    }

    private inline fun timed(recorder: RoundRecorder, operations: Long, withCpu: Boolean = false, work: () -> Long): Long {
        val cpuStart = if (withCpu) processCpuNanos() else 0L
        val start = System.nanoTime()
        val result = work()
        val elapsed = System.nanoTime() - start
        recorder.record(operations, elapsed, cpuNanos = if (withCpu) processCpuNanos() - cpuStart else null)
        return result
    }

    private companion object {
        val MIXED_ROWS: List<MixedRow> = MixedRow.range(BenchmarkPlan.MIXED_ROWS)
        val EXPECTED_DIGEST: Long = MixedDigest().apply { MIXED_ROWS.forEach(::add) }.value
        val EXPECTED_INSERTED: Pair<Long, Long> = MIXED_ROWS.size.toLong() to MIXED_ROWS.sumOf { it.int8 }

        /** A spread of keys that differs per round, so no client keeps hitting one cached page. */
        fun keys(count: Int, round: Int): IntArray =
            IntArray(count) { ((it.toLong() * 7919 + round * 104_729L) % BenchmarkPlan.KV_ROWS).toInt() + 1 }

        fun expectedSum(ids: IntArray): Long = ids.sumOf(Queries::pointChecksum)

        val OS = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean

        /** CPU time of this whole JVM (every thread, including event loops and GC), so async clients pay for their loops. */
        fun processCpuNanos(): Long = OS.processCpuTime
    }
}
