package io.databridge.benchmark

import io.databridge.benchmark.report.Environment
import io.databridge.benchmark.report.MarkdownReport

/** One complete run: server up, CPUs pinned, reference measured, every client through every workload, report rendered. */
internal class BenchmarkRun(private val plan: BenchmarkPlan, private val log: (String) -> Unit) {
    /** What a run produced: the raw outcomes and the rendered markdown. */
    class Result(
        val outcomes: Map<Workload, Map<String, Outcome>>,
        val reference: Map<Workload, Outcome>,
        val markdown: String,
    )

    fun execute(clients: List<ClientEntry> = Clients.all, note: String = "", carried: String = ""): Result =
        BenchServer.start().use { server ->
            server.createSchema()
            val pinning = if (plan.pinCpus) CpuPinning.pin(server.postmasterPid) else "not pinned (${plan.name} plan)"
            log("server ${server.version} at ${server.address.host}:${server.address.port}; $pinning")
            val pgbench = Pgbench.locate()
            val reference = referenceRun(pgbench, server.address)
            val outcomes = BenchmarkRunner(plan, server, log).run(clients)
            val environment = Environment.capture(
                postgres = server.version,
                pgbench = pgbench?.let { "${Pgbench.version(it)} at ${it.path}" } ?: "n/a: pgbench not installed",
                pinning = pinning,
            )
            Result(outcomes, reference, MarkdownReport(plan, environment, clients, outcomes, reference, note, carried).render())
        }

    private fun referenceRun(pgbench: java.io.File?, server: ServerAddress): Map<Workload, Outcome> {
        val settings = mapOf(Workload.W1_POINT_SELECT to 1, Workload.W2_POOLED to BenchmarkPlan.POOL_SIZE)
        return settings.mapValues { (workload, connections) ->
            if (pgbench == null) return@mapValues Outcome.NotRun("n/a: pgbench not installed")
            log("pgbench reference for ${workload.name}: $connections connection(s), ${plan.pgbenchSeconds} s")
            try {
                Pgbench.pointSelect(pgbench, server, connections, plan.pgbenchSeconds)
            } catch (e: Exception) {
                Outcome.Failed(RoundRecorder.describe(e))
            }.also { log("  pgbench: $it") }
        }
    }
}
