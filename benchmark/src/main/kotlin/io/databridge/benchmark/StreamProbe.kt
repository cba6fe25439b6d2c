package io.databridge.benchmark

import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess

/**
 * W8b: streams `generate_series(1, n)` through one client in a child JVM whose heap is capped at
 * ${BenchmarkPlan.STREAM_HEAP}, so a client that buffers the whole result fails instead of passing.
 * The child prints one line the parent parses: `OK <sum> <millis>` or `NA <reason>`.
 */
internal object StreamProbe {
    private const val NOT_APPLICABLE_EXIT = 3
    private const val TIMEOUT_MINUTES = 5L

    /** The child's entry point: args are client id, host, port, database, user, rows. */
    @JvmStatic
    fun main(args: Array<String>) {
        val (id, host, port, database, user) = args
        val rows = args[5].toLong()
        val client = Clients.byId(id).create ?: exitWith(NOT_APPLICABLE_EXIT, "NA ${Clients.byId(id).unavailable}")
        client().use { c ->
            c.open(ServerAddress(host, port.toInt(), database, user))
            val start = System.nanoTime()
            val sum = try {
                c.streamSeries(rows)
            } catch (e: NotApplicable) {
                exitWith(NOT_APPLICABLE_EXIT, "NA ${e.reason}")
            }
            println("OK $sum ${(System.nanoTime() - start) / 1_000_000}")
        }
        exitProcess(0)
    }

    private fun exitWith(code: Int, line: String): Nothing {
        println(line)
        System.out.flush()
        exitProcess(code)
    }

    /** Starts the child for [entry] with this JVM's class path and judges what it printed. */
    fun runChild(entry: ClientEntry, server: ServerAddress, rows: Long): Outcome {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val command = listOf(
            java, BenchmarkPlan.STREAM_HEAP, "-cp", System.getProperty("java.class.path"), StreamProbe::class.java.name,
            entry.id, server.host, server.port.toString(), server.database, server.user, rows.toString(),
        )
        val log = File.createTempFile("stream-${entry.id}", ".log")
        try {
            val process = ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start()
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor()
                return Outcome.Checked(false, "timed out after $TIMEOUT_MINUTES minutes (too slow on this machine, not out of memory)")
            }
            val lines = log.readLines()
            val verdict = lines.lastOrNull { it.startsWith("OK ") || it.startsWith("NA ") }
            return when {
                verdict != null && verdict.startsWith("NA ") -> Outcome.NotRun(verdict.removePrefix("NA "))
                process.exitValue() != 0 || verdict == null -> Outcome.Checked(false, failureOf(lines, process.exitValue()))
                else -> judge(verdict, rows)
            }
        } finally {
            log.delete()
        }
    }

    private fun judge(verdict: String, rows: Long): Outcome {
        val (_, sum, millis) = verdict.split(' ')
        val expected = rows * (rows + 1) / 2
        if (sum.toLong() != expected) return Outcome.Checked(false, "wrong sum: expected $expected, got $sum")
        val rate = rows * 1000.0 / maxOf(millis.toLong(), 1)
        return Outcome.Checked(true, "$rows rows in ${millis} ms (%.0f rows/s)".format(rate))
    }

    private fun failureOf(lines: List<String>, exit: Int): String {
        val cause = lines.firstOrNull { "OutOfMemoryError" in it }
            ?: lines.firstOrNull { "Exception" in it || "Error" in it }
            ?: lines.lastOrNull().orEmpty()
        return "exit $exit: ${cause.trim().take(200)}"
    }
}
