package io.databridge.benchmark

import io.databridge.benchmark.workload.CopyPayload
import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow
import io.databridge.benchmark.workload.Queries
import java.lang.management.ManagementFactory

/**
 * One measured round of each workload against one client: does the work, checks the result (sums, digests, what
 * landed on the server through [admin]) and records it. Shared by the full run and the compare workers.
 */
internal class WorkloadRounds(private val plan: BenchmarkPlan, private val admin: BenchAdmin) {
    private val copyPayload: ByteArray by lazy { CopyPayload.text(plan.copyRows) }
    private val loadRows: List<MixedRow> by lazy { MixedRow.range(plan.loadRows) }
    private val expectedLoaded: Pair<Long, Long> by lazy { loadRows.size.toLong() to loadRows.sumOf { it.int8 } }

    fun pointSelects(client: BenchmarkClient, round: Int, recorder: RoundRecorder) {
        val ids = keys(plan.pointSelects, round)
        val expected = expectedSum(ids)
        val latencies = ArrayList<DoubleArray>()
        var elapsed = 0L
        val cpuStart = processCpuNanos()
        val calls = repeatForRound(1) {
            val batch = DoubleArray(ids.size)
            val start = System.nanoTime()
            val sum = client.sequentialPointSelects(ids, batch)
            elapsed += System.nanoTime() - start
            verify("sum of point selects", expected, sum)
            latencies += batch
        }
        val cpu = processCpuNanos() - cpuStart
        recorder.record(calls.toLong() * ids.size, elapsed, latencies.flatMap { it.asList() }.toDoubleArray(), cpu)
    }

    fun pooledPointSelects(client: BenchmarkClient, round: Int, recorder: RoundRecorder) {
        val ids = keys(plan.pooledSelects, round)
        val expected = expectedSum(ids)
        repeatedlyTimed(recorder, ids.size.toLong(), withCpu = false) {
            verify("sum of pooled point selects", expected, client.pooledPointSelects(ids, BenchmarkPlan.CALLERS, BenchmarkPlan.POOL_SIZE))
        }
    }

    fun pipelinedPointSelects(client: BenchmarkClient, round: Int, recorder: RoundRecorder) {
        val ids = keys(plan.pipelinedSelects, round)
        val expected = expectedSum(ids)
        repeatedlyTimed(recorder, ids.size.toLong(), withCpu = true) {
            verify("sum of pipelined point selects", expected, client.pipelinedPointSelects(ids, BenchmarkPlan.IN_FLIGHT))
        }
    }

    /** W4; the CPU time per row ([threadsCpuNanos]) counts the calls only, not the checks between them. */
    fun mixedReads(client: BenchmarkClient, recorder: RoundRecorder) {
        var elapsed = 0L
        var cpu = 0L
        val calls = repeatForRound(plan.mixedReads) {
            val digest = MixedDigest()
            val cpuStart = threadsCpuNanos()
            val start = System.nanoTime()
            client.readMixedRows(digest)
            elapsed += System.nanoTime() - start
            cpu += threadsCpuNanos() - cpuStart
            verify("rows decoded", BenchmarkPlan.MIXED_ROWS, digest.rows)
            verify("digest of decoded rows", EXPECTED_DIGEST, digest.value)
        }
        recorder.record(calls.toLong() * BenchmarkPlan.MIXED_ROWS, elapsed, cpuNanos = cpu)
    }

    /** W5; the CPU time per row ([threadsCpuNanos]) counts the inserts only, not the TRUNCATE and the check around each. */
    fun inserts(client: BenchmarkClient, recorder: RoundRecorder) {
        var elapsed = 0L
        var cpu = 0L
        val calls = repeatForRound(plan.mixedInserts) {
            admin.truncate("bench_insert")
            val cpuStart = threadsCpuNanos()
            val start = System.nanoTime()
            val inserted = client.insertMixedRows(MIXED_ROWS)
            elapsed += System.nanoTime() - start
            cpu += threadsCpuNanos() - cpuStart
            verify("rows reported inserted", MIXED_ROWS.size.toLong(), inserted)
            verify("rows and sum(c_int8) in bench_insert", EXPECTED_INSERTED, admin.countAndSum("bench_insert", "c_int8"))
        }
        recorder.record(calls.toLong() * BenchmarkPlan.MIXED_ROWS, elapsed, cpuNanos = cpu)
    }

    fun copyIn(client: BenchmarkClient, recorder: RoundRecorder) {
        admin.truncate("bench_copy")
        timed(recorder, plan.copyRows.toLong()) { client.copyIn(copyPayload, plan.copyRows) }
            .also { verify("rows reported by COPY", plan.copyRows.toLong(), it) }
        verify("rows and sum(id) in bench_copy", CopyPayload.countAndSum(plan.copyRows), admin.countAndSum("bench_copy", "id"))
    }

    /** W6b; like W5, the TRUNCATE and the check around the load are not timed. */
    fun loads(client: BenchmarkClient, recorder: RoundRecorder) {
        admin.truncate("bench_load")
        val cpuStart = threadsCpuNanos()
        val start = System.nanoTime()
        val stored = client.loadMixedRows(loadRows)
        val elapsed = System.nanoTime() - start
        val cpu = threadsCpuNanos() - cpuStart
        verify("rows reported loaded", loadRows.size.toLong(), stored)
        verify("rows and sum(c_int8) in bench_load", expectedLoaded, admin.countAndSum("bench_load", "c_int8"))
        recorder.record(loadRows.size.toLong(), elapsed, cpuNanos = cpu)
    }

    /** W8b's query for a tenth of its rows, timed (throughput, not the heap limit), checked by the sum of the values. */
    fun stream(client: BenchmarkClient, recorder: RoundRecorder) {
        val rows = maxOf(plan.streamRows / 10, 1)
        timed(recorder, rows) { client.streamSeries(rows) }.also { verify("sum of streamed values", rows * (rows + 1) / 2, it) }
    }

    /** Bytes allocated by all JVM threads per decoded W4 row: event-loop clients decode off the calling thread. */
    fun allocationPerRow(client: BenchmarkClient): Outcome = try {
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

    /**
     * Calls [call] [minimum] times, then again while the round is shorter than [BenchmarkPlan.minRoundMillis];
     * returns how many calls were made.
     */
    private inline fun repeatForRound(minimum: Int, call: () -> Unit): Int {
        val end = System.nanoTime() + plan.minRoundMillis * 1_000_000
        var calls = 0
        while (calls < minimum || System.nanoTime() - end < 0) {
            call()
            calls++
        }
        return calls
    }

    /** A round of [repeatForRound] calls of [operations] each, timed as a whole (the checks in [call] included). */
    private inline fun repeatedlyTimed(recorder: RoundRecorder, operations: Long, withCpu: Boolean, call: () -> Unit) {
        val cpuStart = if (withCpu) processCpuNanos() else 0L
        val start = System.nanoTime()
        val calls = repeatForRound(1, call)
        val elapsed = System.nanoTime() - start
        recorder.record(calls * operations, elapsed, cpuNanos = if (withCpu) processCpuNanos() - cpuStart else null)
    }

    private inline fun timed(recorder: RoundRecorder, operations: Long, work: () -> Long): Long {
        val start = System.nanoTime()
        val result = work()
        recorder.record(operations, System.nanoTime() - start)
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

        val THREADS = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean

        /**
         * CPU time of the JVM's live threads (event loops included, GC threads not): to the nanosecond, where the
         * process's is counted in 10 ms ticks on Linux, too coarse for the few milliseconds of one W4 or W5 call.
         */
        fun threadsCpuNanos(): Long = THREADS.getThreadCpuTime(THREADS.allThreadIds).sumOf { if (it > 0) it else 0L }
    }
}
