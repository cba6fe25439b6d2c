package io.databridge.benchmark.replication

import io.databridge.benchmark.CpuPinning
import java.io.File
import java.lang.management.ManagementFactory
import java.time.LocalDate
import kotlin.system.exitProcess

/**
 * Decoding a logical replication slot, changes/s: data-bridge's stream (values decoded in text and in binary) beside
 * pgjdbc's `PGReplicationStream` reading the same backlog as raw bytes. Each round commits the same backlog for one
 * slot per reader, created before it, and the readers read their slots one after another in a rotating order.
 * `benchmark/replication.sh [--changes N] [--rounds R] [--warmup W] [--out docs/benchmarks.md]`; without --out the
 * section is printed.
 */
object ReplicationProbe {
    private const val PER_TRANSACTION = 1000

    /** One reader's figures from one round. */
    private class Sample(val changesPerSecond: Double, val cpuNanosPerChange: Double)

    @JvmStatic
    fun main(args: Array<String>) {
        var changes = 200_000L
        var rounds = 5
        var warmup = 1
        var out: File? = null
        var i = 0
        while (i < args.size) {
            val value = args.getOrNull(i + 1) ?: usage("${args[i]} needs a value")
            when (args[i]) {
                "--changes" -> changes = value.toLong()
                "--rounds" -> rounds = value.toInt()
                "--warmup" -> warmup = value.toInt()
                "--out" -> out = File(value)
                else -> usage("unknown argument '${args[i]}'")
            }
            i += 2
        }
        if (changes < PER_TRANSACTION || changes % PER_TRANSACTION != 0L || rounds < 1 || warmup < 0) {
            usage("--changes must be a multiple of $PER_TRANSACTION, --rounds at least 1, --warmup at least 0")
        }
        val section = ProbeServer().use { server -> run(server, changes, rounds, warmup) }
        val target = out
        if (target == null) println(section) else {
            target.writeText(ReplicationSection.replace(if (target.exists()) target.readText() else "", section))
            System.err.println("wrote ${target.path}")
        }
        exitProcess(0)
    }

    private fun run(server: ProbeServer, changes: Long, rounds: Int, warmup: Int): String {
        val pinning = CpuPinning.pin(server.postmasterPid)
        val readers = listOf(SlotReader.DataBridge(binary = false), SlotReader.DataBridge(binary = true), SlotReader.PgJdbcRaw)
        val samples = readers.associateWith { ArrayList<Sample>() }
        val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
        var nextId = 1L
        for (round in 0 until warmup + rounds) {
            val slots = readers.indices.map { "repl_probe_${round}_$it" }
            slots.forEach(server::createSlot)
            val ids = nextId until nextId + changes
            nextId += changes
            server.commitBacklog(ids, PER_TRANSACTION)
            for (k in readers.indices) {
                val r = (k + round) % readers.size
                val cpuBefore = os.processCpuTime
                val started = System.nanoTime()
                readers[r].read(server, slots[r], ids)
                val elapsed = System.nanoTime() - started
                val cpu = os.processCpuTime - cpuBefore
                server.dropSlot(slots[r])
                val sample = Sample(changes * 1e9 / elapsed, cpu.toDouble() / changes)
                val phase = if (round < warmup) "warm-up" else "round ${round - warmup + 1}"
                System.err.println("$phase: ${readers[r].label}: %.0f changes/s, %.2f µs CPU/change".format(sample.changesPerSecond, sample.cpuNanosPerChange / 1000))
                if (round >= warmup) samples.getValue(readers[r]) += sample
            }
        }
        return render(server, pinning, changes, rounds, warmup, readers.map { it.label to samples.getValue(it) })
    }

    private fun render(server: ProbeServer, pinning: String, changes: Long, rounds: Int, warmup: Int, rows: List<Pair<String, List<Sample>>>): String =
        buildString {
            appendLine(ReplicationSection.HEADING)
            appendLine()
            appendLine(
                "${LocalDate.now()} · PostgreSQL ${server.version} · Java ${System.getProperty("java.version")} · $pinning. " +
                    "Each round commits %,d inserts (transactions of %,d rows; columns int8, int4, text, numeric, timestamptz, uuid, ".format(changes, PER_TRANSACTION) +
                    "bool, float8, jsonb) after creating one slot per reader; then each reader reads its slot up to the last insert, " +
                    "in an order that rotates each round. $warmup warm-up round(s), then the median of $rounds. changes/s runs from " +
                    "connecting to the last insert read, so it includes the walsender's decoding on the server's CPU; client CPU per " +
                    "change is this JVM's CPU time (every thread) over the read. The machine is shared and busy: compare the rows " +
                    "with each other, not with other runs. `benchmark/replication.sh` reproduces it.",
            )
            appendLine()
            appendLine("| reader | changes/s (median) | client CPU per change (median) |")
            appendLine("|---|---:|---:|")
            for ((label, samples) in rows) {
                appendLine("| $label | %,.0f | %.2f µs |".format(median(samples.map { it.changesPerSecond }), median(samples.map { it.cpuNanosPerChange }) / 1000))
            }
        }

    private fun median(values: List<Double>): Double = values.sorted().let { it[it.size / 2] }

    private fun usage(problem: String): Nothing {
        System.err.println("$problem\nusage: benchmark/replication.sh [--changes N] [--rounds R] [--warmup W] [--out FILE]")
        exitProcess(2)
    }
}
