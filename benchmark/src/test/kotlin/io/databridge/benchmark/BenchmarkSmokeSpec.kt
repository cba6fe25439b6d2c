package io.databridge.benchmark

import io.databridge.benchmark.clients.PgJdbcClient
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** A client that returns one more than the truth on W1, to prove the harness rejects unverified work. */
private class OffByOneClient(private val inner: PgJdbcClient = PgJdbcClient()) : BenchmarkClient by inner {
    override val name: String = "off-by-one"
    override fun pointSelect(id: Int): Long = inner.pointSelect(id) + 1
    override fun sequentialPointSelects(ids: IntArray, latencies: DoubleArray): Long = inner.sequentialPointSelects(ids, latencies) + 1
}

/** Runs every workload against every client a few times on a real server, so the instrument keeps working. */
class BenchmarkSmokeSpec : FunSpec({
    val liar = ClientEntry("liar", "off-by-one", ClientRole.PEER, ::OffByOneClient)
    val result = BenchmarkRun(BenchmarkPlan.SMOKE, ::println).execute(Clients.all + liar)
    println(result.markdown)
    val outcomes = result.outcomes
    val peers = listOf("pgjdbc", "vertx", "r2dbc", "jasync")

    fun outcome(workload: Workload, client: String): Outcome = outcomes.getValue(workload).getValue(client)

    test("every peer completes and passes the checks of W1, W2, W4 and W5") {
        for (w in listOf(Workload.W1_POINT_SELECT, Workload.W2_POOLED, Workload.W4_MIXED_READ, Workload.W5_BATCH_INSERT)) {
            for (p in peers) withClue("$w $p") { outcome(w, p).shouldBeInstanceOf<Outcome.Measured>() }
        }
    }

    test("W1 records latency percentiles") {
        val w1 = outcome(Workload.W1_POINT_SELECT, "pgjdbc").shouldBeInstanceOf<Outcome.Measured>()
        (w1.p50Micros!! <= w1.p99Micros!!) shouldBe true
    }

    test("pipelining runs where the client can pipeline and says why not elsewhere") {
        for (c in listOf("data-bridge-nio", "data-bridge-ktor")) outcome(Workload.W3_PIPELINED, c).shouldBeInstanceOf<Outcome.Measured>()
        outcome(Workload.W3_PIPELINED, "vertx").shouldBeInstanceOf<Outcome.Measured>()
        outcome(Workload.W3_PIPELINED, "r2dbc").shouldBeInstanceOf<Outcome.Measured>()
        outcome(Workload.W3_PIPELINED, "pgjdbc").shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "synchronous"
        outcome(Workload.W3_PIPELINED, "jasync").shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "one query at a time"
    }

    test("COPY runs on pgjdbc and r2dbc") {
        outcome(Workload.W6_COPY, "pgjdbc").shouldBeInstanceOf<Outcome.Measured>()
        outcome(Workload.W6_COPY, "r2dbc").shouldBeInstanceOf<Outcome.Measured>()
        outcome(Workload.W6_COPY, "vertx").shouldBeInstanceOf<Outcome.NotRun>()
    }

    test("W6b loads typed rows: binary COPY on data-bridge and its DSL, text COPY on pgjdbc and r2dbc, n/a elsewhere") {
        for (c in listOf("data-bridge-nio", "data-bridge-ktor", "data-bridge-dsl-nio", "pgjdbc", "r2dbc")) withClue(c) {
            outcome(Workload.W6B_LOAD, c).shouldBeInstanceOf<Outcome.Measured>()
        }
        outcome(Workload.W6B_LOAD, "vertx").shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "no COPY API"
        outcome(Workload.W6B_LOAD, "data-bridge-entity-nio").shouldBeInstanceOf<Outcome.NotRun>()
        result.markdown shouldContain "## W6b bulk load"
    }

    test("the DSL clients run W1, W4 and W5 where this JVM can load them") {
        for (w in listOf(Workload.W1_POINT_SELECT, Workload.W4_MIXED_READ, Workload.W5_BATCH_INSERT)) {
            withClue("$w exposed") { outcome(w, "exposed").shouldBeInstanceOf<Outcome.Measured>() }
            if (Runtime.version().feature() >= 21) withClue("$w jooq") { outcome(w, "jooq").shouldBeInstanceOf<Outcome.Measured>() }
        }
    }

    test("allocation per row is measured for every peer") {
        for (p in peers) withClue(p) {
            (outcome(Workload.W8_ALLOCATION, p).shouldBeInstanceOf<Outcome.Measured>().opsPerSecond > 0) shouldBe true
        }
    }

    test("streaming under a 64 MB heap passes for the streaming clients and is n/a for jasync") {
        for (p in listOf("pgjdbc", "vertx", "r2dbc")) withClue(p) {
            outcome(Workload.W8_STREAM, p).shouldBeInstanceOf<Outcome.Checked>().passed shouldBe true
        }
        outcome(Workload.W8_STREAM, "jasync").shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "materialises"
    }

    test("a client that returns a wrong checksum is reported as failed, not measured") {
        outcome(Workload.W1_POINT_SELECT, "liar").shouldBeInstanceOf<Outcome.Failed>().reason shouldContain "expected"
    }

    val ours = listOf("data-bridge-nio", "data-bridge-ktor")

    test("data-bridge on both transports completes and passes the checks of every workload") {
        val workloads = listOf(
            Workload.W1_POINT_SELECT, Workload.W2_POOLED, Workload.W3_PIPELINED, Workload.W4_MIXED_READ,
            Workload.W5_BATCH_INSERT, Workload.W6_COPY, Workload.W8_ALLOCATION,
        )
        for (w in workloads) for (c in ours) withClue("$w $c") { outcome(w, c).shouldBeInstanceOf<Outcome.Measured>() }
        for (c in ours) withClue(c) { outcome(Workload.W8_STREAM, c).shouldBeInstanceOf<Outcome.Checked>().passed shouldBe true }
        result.markdown shouldContain "| data-bridge (NIO) |"
        result.markdown shouldContain "| data-bridge (Ktor) |"
    }

    test("client CPU per query is recorded on W1 and W3 for every client that ran them") {
        // The OS counts process CPU in 10 ms ticks, so one fast client's few smoke queries may round to zero; all
        // of them together may not.
        for (w in listOf(Workload.W1_POINT_SELECT, Workload.W3_PIPELINED)) {
            val cpu = outcomes.getValue(w).map { (client, o) ->
                if (o is Outcome.Measured) withClue("$w $client") { o.cpuMicrosPerOp.shouldNotBeNull().also { (it >= 0.0) shouldBe true } } else 0.0
            }
            withClue(w) { (cpu.sum() > 0.0) shouldBe true }
        }
        // W4 and W5 record CPU per row too (from the threads' CPU time, fine-grained), for compare.sh's entity ÷ DSL rows
        for (w in listOf(Workload.W4_MIXED_READ, Workload.W5_BATCH_INSERT)) {
            withClue(w) { (outcome(w, "pgjdbc").shouldBeInstanceOf<Outcome.Measured>().cpuMicrosPerOp.shouldNotBeNull() > 0.0) shouldBe true }
        }
        result.markdown shouldContain "client CPU/query"
    }

    test("our DSL runs W1, W4 and W5 on both transports and W7 sets it against its engine and the other DSLs") {
        for (w in listOf(Workload.W1_POINT_SELECT, Workload.W4_MIXED_READ, Workload.W5_BATCH_INSERT)) {
            for (c in listOf("data-bridge-dsl-nio", "data-bridge-dsl-ktor")) withClue("$w $c") { outcome(w, c).shouldBeInstanceOf<Outcome.Measured>() }
        }
        outcome(Workload.W2_POOLED, "data-bridge-dsl-nio").shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "W7"
        result.markdown shouldContain "| data-bridge DSL (NIO) | data-bridge (NIO) |"
        result.markdown shouldContain "| data-bridge DSL (Ktor) | data-bridge (Ktor) |"
        result.markdown shouldContain "| data-bridge DSL (NIO) vs Exposed 1.0.0 (pgjdbc) |"
        result.markdown shouldNotContain "pending"
    }

    test("the entity layer runs W1, W4 and W5 and W7 sets it against our DSL") {
        for (w in listOf(Workload.W1_POINT_SELECT, Workload.W4_MIXED_READ, Workload.W5_BATCH_INSERT)) {
            withClue(w) { outcome(w, "data-bridge-entity-nio").shouldBeInstanceOf<Outcome.Measured>() }
        }
        outcome(Workload.W2_POOLED, "data-bridge-entity-nio").shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "entity rows"
        result.markdown shouldContain "| data-bridge entities (NIO) | data-bridge DSL (NIO) |"
    }

    test("the rows that vary W1's caller run W1 and say why they skip the rest") {
        for (c in listOf("data-bridge-nio-blocking-call", "data-bridge-nio-coroutine", "data-bridge-nio-loop")) {
            withClue(c) { outcome(Workload.W1_POINT_SELECT, c).shouldBeInstanceOf<Outcome.Measured>() }
            for (w in listOf(Workload.W4_MIXED_READ, Workload.W8_ALLOCATION, Workload.W8_STREAM)) withClue("$w $c") {
                outcome(w, c).shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "differs only in W1"
            }
        }
        result.markdown shouldContain "| data-bridge (NIO), coroutine on the connection's loop |"
        result.markdown shouldContain "| data-bridge (NIO), blocking call (queryBlocking) |"
    }

    test("pgbench is measured when installed and n/a otherwise, never a failure") {
        val reference = result.reference.getValue(Workload.W1_POINT_SELECT)
        if (Pgbench.locate() == null) {
            reference.shouldBeInstanceOf<Outcome.NotRun>().reason shouldContain "pgbench not installed"
        } else {
            reference.shouldBeInstanceOf<Outcome.Measured>()
        }
    }
})
