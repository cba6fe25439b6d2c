package io.databridge.benchmark.compare

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.BenchmarkPlan
import io.databridge.benchmark.Outcome
import io.databridge.benchmark.RemoteBenchAdmin
import io.databridge.benchmark.RoundRecorder
import io.databridge.benchmark.ServerAddress
import io.databridge.benchmark.Stats
import io.databridge.benchmark.WorkloadRounds
import io.databridge.benchmark.clients.DataBridgeClient
import io.databridge.benchmark.clients.DataBridgeDslClient
import io.databridge.benchmark.clients.DataBridgeEntityClient
import io.databridge.benchmark.clients.DataBridgeFutureClient
import io.databridge.benchmark.clients.W1Caller
import io.databridge.pg.TransportKind
import kotlin.system.exitProcess

/**
 * The child JVM of a before/after comparison: one data-bridge build on its class path, driven round by round by
 * [CompareMain] over stdin/stdout so the builds alternate. Protocol lines start with [CompareProtocol.MARK]; anything
 * else on stdout (library logging) is ignored by the parent.
 */
internal object CompareWorker {
    /** Args: host, port, database, user, plan name (full or smoke). */
    @JvmStatic
    fun main(args: Array<String>) {
        val (host, port, database, user, planName) = args
        val plan = if (planName == BenchmarkPlan.SMOKE.name) BenchmarkPlan.SMOKE else BenchmarkPlan.FULL
        val address = ServerAddress(host, port.toInt(), database, user)
        val clients = HashMap<CompareClientKind, BenchmarkClient>()
        val recorders = HashMap<CompareWorkload, RoundRecorder>()
        val allocations = HashMap<CompareWorkload, MutableList<Double>>()
        val failures = HashMap<CompareWorkload, Outcome>()
        RemoteBenchAdmin(address).use { admin ->
            val rounds = WorkloadRounds(plan, admin)
            fun client(kind: CompareClientKind): BenchmarkClient = clients.getOrPut(kind) {
                when (kind) {
                    CompareClientKind.RAW -> DataBridgeClient(TransportKind.NIO)
                    CompareClientKind.BLOCKING_CALL -> DataBridgeClient(TransportKind.NIO, W1Caller.BLOCKING_CALL)
                    CompareClientKind.COROUTINE_CALLER -> DataBridgeClient(TransportKind.NIO, W1Caller.COROUTINE)
                    CompareClientKind.LOOP_CALLER -> DataBridgeClient(TransportKind.NIO, W1Caller.LOOP)
                    CompareClientKind.KTOR -> DataBridgeClient(TransportKind.KTOR)
                    CompareClientKind.DSL -> DataBridgeDslClient(TransportKind.NIO)
                    CompareClientKind.ENTITY -> DataBridgeEntityClient(TransportKind.NIO)
                    CompareClientKind.FACADE -> DataBridgeFutureClient()
                }.also { it.open(address) }
            }
            while (true) {
                val command = readLine()?.split(' ') ?: break
                when (command[0]) {
                    "RUN" -> {
                        val workload = CompareWorkload.valueOf(command[1])
                        val round = command[2].toInt()
                        val measured = command[3] == "measure"
                        val recorder = recorders.getOrPut(workload) { RoundRecorder(workload.unit) }
                        try {
                            if (workload == CompareWorkload.W8A) {
                                val outcome = rounds.allocationPerRow(client(workload.client))
                                if (outcome is Outcome.Measured) {
                                    if (measured) allocations.getOrPut(workload) { ArrayList() } += outcome.opsPerSecond
                                } else {
                                    failures[workload] = outcome
                                }
                            } else {
                                workload.run(rounds, client(workload.client), round, if (measured) recorder else RoundRecorder(workload.unit))
                            }
                        } catch (e: LinkageError) {
                            // The harness calls an engine API this build does not have yet (the baseline).
                            failures[workload] = Outcome.NotRun("not in this build (${e.javaClass.simpleName}: ${e.message})")
                        } catch (e: Throwable) {
                            failures[workload] = Outcome.Failed(RoundRecorder.describe(e))
                        }
                        CompareProtocol.send("DONE")
                    }
                    "REPORT" -> {
                        for (workload in CompareWorkload.entries) {
                            val outcome = failures[workload]
                                ?: allocations[workload]?.let { Outcome.Measured(Stats.median(it), workload.unit) }
                                ?: recorders[workload]?.outcome()
                                ?: continue
                            CompareProtocol.send("OUTCOME ${workload.name} ${CompareProtocol.encode(outcome)}")
                            val rates = if (workload in failures) null else allocations[workload] ?: recorders[workload]?.roundRates
                            if (!rates.isNullOrEmpty()) CompareProtocol.send("RATES ${workload.name} ${rates.joinToString(" ")}")
                            val cpu = if (workload in failures) null else recorders[workload]?.roundCpuMicros
                            if (!cpu.isNullOrEmpty()) CompareProtocol.send("CPU ${workload.name} ${cpu.joinToString(" ")}")
                        }
                        CompareProtocol.send("END")
                    }
                    "QUIT" -> break
                }
            }
        }
        clients.values.forEach { runCatching { it.close() } }
        exitProcess(0)
    }
}
