package io.databridge.benchmark.report

import java.io.File
import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter

/** The facts about the run the report states: machine, JVM, server, reference tool and how CPUs were shared. */
internal data class Environment(
    val date: String,
    val cpus: Int,
    val cpuModel: String,
    val memory: String,
    val jvm: String,
    val postgres: String,
    val pgbench: String,
    val pinning: String,
) {
    companion object {
        fun capture(postgres: String, pgbench: String, pinning: String): Environment = Environment(
            date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
            cpus = Runtime.getRuntime().availableProcessors().let { visible -> maxOf(visible, onlineCpus()) },
            cpuModel = procLine("/proc/cpuinfo", "model name") ?: System.getProperty("os.arch"),
            memory = procLine("/proc/meminfo", "MemTotal")?.let(::gibibytes) ?: "unknown",
            jvm = "${System.getProperty("java.vm.name")} ${System.getProperty("java.runtime.version")}",
            postgres = postgres,
            pgbench = pgbench,
            pinning = pinning,
        )

        /** CPUs of the machine, not of this process's affinity mask (which pinning narrows to one). */
        private fun onlineCpus(): Int = File("/proc/cpuinfo").takeIf { it.canRead() }
            ?.readLines()?.count { it.startsWith("processor") } ?: 0

        private fun procLine(path: String, key: String): String? = File(path).takeIf { it.canRead() }
            ?.readLines()?.firstOrNull { it.startsWith(key) }?.substringAfter(':')?.trim()

        private fun gibibytes(memTotal: String): String =
            memTotal.removeSuffix("kB").trim().toLongOrNull()?.let { "%.1f GiB".format(it / 1024.0 / 1024.0) } ?: memTotal
    }
}
