package io.databridge.benchmark

import io.databridge.benchmark.clients.PgJdbcClient
import io.databridge.benchmark.workload.MixedDigest
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe

/** pgjdbc, counting the W4 reads the harness asks of it. */
private class CountingClient(private val inner: PgJdbcClient = PgJdbcClient()) : BenchmarkClient by inner {
    var reads = 0

    override fun readMixedRows(digest: MixedDigest) {
        reads++
        inner.readMixedRows(digest)
    }
}

/** How long a round lasts: the plan's count of calls at least, repeated until the plan's minimum time has passed. */
class WorkloadRoundsSpec : FunSpec({
    val server = BenchServer.start().also { it.createSchema() }
    afterSpec { server.close() }

    fun round(plan: BenchmarkPlan): Pair<Int, Long> {
        val client = CountingClient().also { it.open(server.address) }
        try {
            val start = System.nanoTime()
            WorkloadRounds(plan, server).mixedReads(client, RoundRecorder("rows/s"))
            return client.reads to (System.nanoTime() - start) / 1_000_000
        } finally {
            client.close()
        }
    }

    test("without a minimum time a round makes exactly the plan's calls") {
        val plan = BenchmarkPlan.SMOKE.copy(mixedReads = 2, minRoundMillis = 0)
        round(plan).first shouldBe 2
    }

    test("with a minimum time a round repeats its calls until that time has passed") {
        val plan = BenchmarkPlan.SMOKE.copy(mixedReads = 1, minRoundMillis = 400)
        val (reads, millis) = round(plan)
        millis shouldBeGreaterThanOrEqual 400L
        reads shouldBeGreaterThanOrEqual 2
    }
})
