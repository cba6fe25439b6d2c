package io.databridge.benchmark

import java.util.concurrent.TimeUnit

/**
 * Puts the server on CPU 0 and this JVM (and every process it starts later: pgbench, the stream JVMs) on
 * CPU 1 with `taskset`, so client and server do not steal each other's core. New backends inherit the
 * postmaster's affinity, so pinning the postmaster and its current children is enough.
 */
internal object CpuPinning {
    /** Pins and returns a line for the report saying what was done, or why not. */
    fun pin(postmasterPid: Long): String {
        if (Runtime.getRuntime().availableProcessors() < 2) return "not pinned: fewer than 2 CPUs"
        val taskset = listOf("/usr/bin/taskset", "/bin/taskset").firstOrNull { java.io.File(it).canExecute() }
            ?: return "not pinned: taskset not installed (util-linux)"
        val server = ProcessHandle.of(postmasterPid).map { p -> listOf(p) + p.children().toList() }.orElse(emptyList())
        for (p in server) run(taskset, "-a", "-p", "-c", "0", p.pid().toString())
        run(taskset, "-a", "-p", "-c", "1", ProcessHandle.current().pid().toString())
        return "server (postmaster ${postmasterPid} and its ${server.size - 1} children) on CPU 0, client JVM on CPU 1 (taskset)"
    }

    private fun run(vararg command: String) {
        val process = ProcessBuilder(*command).redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        check(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) { "${command.joinToString(" ")} failed: $output" }
    }
}
