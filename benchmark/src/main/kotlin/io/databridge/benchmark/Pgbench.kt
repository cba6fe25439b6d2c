package io.databridge.benchmark

import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/** Runs `pgbench -M prepared` with the W1 query as the reference for what the server itself can do. */
internal object Pgbench {
    /** The pgbench binary: on the PATH, else the newest Debian PostgreSQL install; null when absent. */
    fun locate(): File? {
        val onPath = System.getenv("PATH").orEmpty().split(File.pathSeparator).map { File(it, "pgbench") }
        val debian = File("/usr/lib/postgresql").listFiles().orEmpty()
            .sortedByDescending { it.name.toIntOrNull() ?: 0 }.map { File(it, "bin/pgbench") }
        return (onPath + debian).firstOrNull { it.canExecute() }
    }

    /** The version line of [binary], e.g. "pgbench (PostgreSQL) 15.14". */
    fun version(binary: File): String = exec(listOf(binary.path, "--version"), 10).trim()

    /** Runs the point select for [seconds] with [clients] connections; the outcome carries tps and latency percentiles. */
    fun pointSelect(binary: File, server: ServerAddress, clients: Int, seconds: Int): Outcome {
        val dir = Files.createTempDirectory("pgbench").toFile()
        try {
            val script = File(dir, "point.sql").apply {
                writeText("\\set id random(1, ${BenchmarkPlan.KV_ROWS})\nSELECT id, v FROM bench_kv WHERE id = :id;\n")
            }
            val output = exec(
                listOf(
                    binary.path, "-h", server.host, "-p", server.port.toString(), "-U", server.user, "-n",
                    "-M", "prepared", "-c", clients.toString(), "-j", "1", "-T", seconds.toString(),
                    "-f", script.path, "--log", "--log-prefix=${File(dir, "log").path}", server.database,
                ),
                seconds + 60L,
            )
            val tps = Regex("""tps = ([0-9.]+) \(without initial connection time\)""").find(output)?.groupValues?.get(1)?.toDouble()
                ?: return Outcome.Failed("no tps line in pgbench output: ${output.takeLast(300)}")
            // Per-transaction log lines: client_id transaction_no time(us) script_no epoch epoch_us
            val latencies = dir.listFiles { f -> f.name.startsWith("log") }.orEmpty()
                .flatMap { f -> f.readLines().mapNotNull { it.split(' ').getOrNull(2)?.toDoubleOrNull() } }
                .sorted()
            return Outcome.Measured(
                tps, "queries/s", Stats.percentile(latencies, 0.50), Stats.percentile(latencies, 0.99),
                note = "pgbench -M prepared -c $clients -j 1 -T $seconds",
            )
        } finally {
            dir.deleteRecursively()
        }
    }

    private fun exec(command: List<String>, timeoutSeconds: Long): String {
        val process = ProcessBuilder(command).redirectErrorStream(true).start()
        val output = StringBuilder()
        val reader = Thread { output.append(process.inputStream.bufferedReader().readText()) }.apply { start() }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            throw IllegalStateException("${command.first()} did not finish in $timeoutSeconds s")
        }
        reader.join()
        check(process.exitValue() == 0) { "${command.joinToString(" ")} exited ${process.exitValue()}: ${output.takeLast(500)}" }
        return output.toString()
    }
}
