package io.databridge.benchmark.compare

import io.databridge.benchmark.BenchServer
import io.databridge.benchmark.BenchmarkPlan
import io.databridge.benchmark.CpuPinning
import io.databridge.benchmark.report.Environment
import java.io.BufferedReader
import java.io.File
import java.io.Writer
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess

/**
 * Before/after figures from one run: `--build LABEL=CLASSPATH` twice (baseline first), `[--workloads W1,W4,…]
 * [--warmup N] [--rounds N] [--forks N] [--out FILE] [--note TEXT] [--speed-round N]`; `--forks` splits each workload's
 * rounds over that many pairs of worker JVMs, one pair after the other (1 by default). One server; each build's data-bridge client runs in its own
 * JVM ([CompareWorker]), started afresh for each workload, and the builds alternate round by round, starting with a
 * different one each round.
 * benchmark/compare.sh builds the class paths; the section goes into [--out] (docs/benchmarks.md).
 */
public object CompareMain {
    private class Build(val label: String, val classPath: String)

    private class Worker(val build: Build, val process: Process, val input: Writer, val output: BufferedReader) {
        fun command(line: String) {
            input.write(line + "\n")
            input.flush()
        }

        /** The payload of the next protocol line, skipping anything else the worker printed. */
        fun reply(): String {
            while (true) {
                val line = output.readLine() ?: error("the ${build.label} worker exited (exit ${process.waitFor()})")
                if (line.startsWith(CompareProtocol.MARK)) return line.removePrefix(CompareProtocol.MARK)
            }
        }
    }

    /** The command-line entry point used by benchmark/compare.sh. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val builds = ArrayList<Build>()
        var workloads = CompareWorkload.entries.toList()
        var warmup = 3
        var rounds = 10
        var out: File? = null
        var note = ""
        var round = 1
        var forks = 1
        var i = 0
        fun value(): String = args.getOrNull(++i) ?: usage("${args[i - 1]} needs a value")
        while (i < args.size) {
            when (args[i]) {
                "--build" -> value().let { builds += Build(it.substringBefore('='), it.substringAfter('=')) }
                "--workloads" -> workloads = value().split(',').map { CompareWorkload.valueOf(it.trim().uppercase()) }
                "--warmup" -> warmup = value().toInt()
                "--rounds" -> rounds = value().toInt()
                "--out" -> out = File(value())
                "--note" -> note = value()
                "--speed-round" -> round = value().toInt()
                "--forks" -> forks = value().toInt().also { if (it < 1) usage("--forks needs at least 1") }
                else -> usage("unknown argument '${args[i]}'")
            }
            i++
        }
        if (builds.size != 2) usage("give exactly two --build LABEL=CLASSPATH, the baseline first")
        val section = run(builds.map { it.label to it.classPath }, workloads, warmup, rounds, BenchmarkPlan.FULL, note, round, { System.err.println(it) }, forks)
        println(section)
        out?.let {
            it.writeText(CompareReport.replaceSection(if (it.exists()) it.readText() else "", section, round))
            System.err.println("wrote ${it.path}")
        }
        exitProcess(0)
    }

    /**
     * Runs [workloads] on each of [builds] (label to class path, baseline first) in alternation, each round of
     * [plan]'s size, and returns the rendered section.
     */
    internal fun run(
        builds: List<Pair<String, String>>,
        workloads: List<CompareWorkload>,
        warmup: Int,
        rounds: Int,
        plan: BenchmarkPlan,
        note: String,
        round: Int,
        log: (String) -> Unit,
        forks: Int = 1,
    ): String = BenchServer.start().use { server ->
        server.createSchema()
        val pinning = if (plan.pinCpus) CpuPinning.pin(server.postmasterPid) else "not pinned (${plan.name} plan)"
        log("server ${server.version}; $pinning")
        val address = server.address
        val serverArgs = listOf(address.host, address.port.toString(), address.database, address.user, plan.name)
        val results = builds.map { BuildResults() }
        for (group in CompareWorkload.interleaved(workloads)) {
            log("${group.joinToString(" and ") { it.name }}: $forks × ($warmup warm-up + rounds), $rounds rounds${if (group.size > 1) ", interleaved" else ""}")
            // Fresh worker JVMs for every group, so no workload inherits the JIT profile or the garbage of the ones
            // before it (the same build's W4 measured 2x apart between runs while one JVM ran every workload).
            // Several forks split the rounds between JVMs, as one JVM's JIT decisions (what it inlines, what it
            // scalar-replaces) hold for all its rounds: W8a moved 0.91x-1.06x between JVMs of the same two builds.
            for (fork in 0 until forks) {
                val forkRounds = rounds / forks + if (fork < rounds % forks) 1 else 0
                if (forkRounds == 0) continue
                val workers = ArrayList<Worker>()
                try {
                    builds.mapTo(workers) { (label, classPath) -> start(Build(label, classPath), serverArgs) }
                    for (r in 0 until warmup + forkRounds) {
                        // Each round starts with another workload of the group and another build, so neither sits first.
                        for (j in group.indices) {
                            val workload = group[(j + r + fork) % group.size]
                            for (k in workers.indices) {
                                val worker = workers[(k + r + fork) % workers.size]
                                val keysRound = fork * (warmup + rounds) + r
                                worker.command("RUN ${workload.name} $keysRound ${if (r < warmup) "warm" else "measure"}")
                                check(worker.reply() == "DONE") { "the ${worker.build.label} worker lost the protocol" }
                            }
                        }
                    }
                    workers.forEachIndexed { k, worker -> collect(worker, results[k]) }
                } finally {
                    workers.forEach { stop(it) }
                }
            }
        }
        val environment = Environment.capture(postgres = server.version, pgbench = "", pinning = pinning)
        CompareReport(builds.map { it.first }, workloads, results, environment, warmup, rounds, forks, plan.minRoundMillis, note, round).render()
    }

    private fun start(build: Build, serverArgs: List<String>): Worker {
        val java = File(System.getProperty("java.home"), "bin/java").path
        // COMPARE_WORKER_OPTS adds JVM options to both workers, e.g. a JFR recording for profiling.
        val extra = System.getenv("COMPARE_WORKER_OPTS")?.split(' ')?.filter { it.isNotBlank() }.orEmpty()
        val command = listOf(java) + WORKER_JVM_OPTIONS + extra + listOf("-cp", build.classPath, CompareWorker::class.java.name) + serverArgs
        val process = ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        return Worker(build, process, process.outputStream.writer(), process.inputStream.bufferedReader())
    }

    private fun collect(worker: Worker, into: BuildResults) {
        worker.command("REPORT")
        while (true) {
            val line = worker.reply()
            if (line == "END") return
            val (kind, name, fields) = line.split(' ', limit = 3)
            val workload = CompareWorkload.valueOf(name)
            when (kind) {
                "OUTCOME" -> into.addOutcome(workload, CompareProtocol.decode(fields))
                "RATES" -> into.addRounds(into.roundRates, workload, fields.split(' ').map { it.toDouble() })
                "CPU" -> into.addRounds(into.roundCpuMicros, workload, fields.split(' ').map { it.toDouble() })
            }
        }
    }

    private fun stop(worker: Worker) {
        runCatching { worker.command("QUIT") }
        if (!worker.process.waitFor(30, TimeUnit.SECONDS)) worker.process.destroyForcibly().waitFor()
    }

    /**
     * The same heap and collector for every worker whatever the CPUs it sees (a JVM pinned to one CPU would pick
     * the serial collector, an unpinned one G1), the heap touched up front so no round pays its page faults.
     */
    private val WORKER_JVM_OPTIONS = listOf("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch")

    private fun usage(problem: String): Nothing {
        System.err.println(
            "$problem\nusage: compare.sh <baseline-ref> [workloads]  (CompareMain --build LABEL=CP --build LABEL=CP " +
                "[--workloads ${CompareWorkload.entries.joinToString(",")}] [--warmup N] [--rounds N] [--forks N] [--out FILE] [--note TEXT] [--speed-round N])",
        )
        exitProcess(2)
    }
}
