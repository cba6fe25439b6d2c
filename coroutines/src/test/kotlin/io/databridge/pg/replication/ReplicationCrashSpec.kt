package io.databridge.pg.replication

import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.File
import java.io.RandomAccessFile
import kotlin.random.Random
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** How the crash test ends a consumer. */
private enum class Kill { JVM_KILLED, COROUTINE_CANCELLED, WALSENDER_TERMINATED }

/** Counts the lines of a file another process appends to, reading only what is new each time. */
private class LineCounter(private val file: File) {
    private var offset = 0L
    private var lines = 0
    private val buffer = ByteArray(1 shl 16)

    fun count(): Int {
        RandomAccessFile(file, "r").use { raf ->
            raf.seek(offset)
            while (true) {
                val n = raf.read(buffer)
                if (n <= 0) break
                for (i in 0 until n) if (buffer[i] == '\n'.code.toByte()) lines++
                offset += n
            }
        }
        return lines
    }
}

/**
 * Issue 19's crash test: a consumer ([CrashConsumer], a child JVM) of 100,000 changes (1,000 transactions of 100 rows,
 * committed while it runs, delivered in parts of 40) is killed at 5 random points and restarted each time. The kinds:
 * its JVM killed with SIGKILL (restarted after the last position its own log says it acknowledged, as a consumer with
 * its own position store does), its collecting coroutine cancelled (restarted from the slot's confirmed position) and
 * its walsender ended by `pg_terminate_backend` (the stream reconnects by itself). Its log then shows every change at
 * least once, in commit order, and every repeat starting at a transaction after the last one acknowledged.
 */
class ReplicationCrashSpec : FunSpec({
    val transactions = 1000
    val rowsEach = 100
    val lastId = transactions * rowsEach - 1

    test("crash test: 100,000 changes, the consumer killed 5 times (JVM killed, coroutine cancelled, walsender terminated) and restarted: at least once, in order, duplicates only after the last acknowledgement") {
        val seed = System.nanoTime()
        val random = Random(seed)
        val sql = LogicalPostgres.sql()
        val writer = LogicalPostgres.sql()
        sql.simpleQuery("CREATE TABLE crash (id int PRIMARY KEY, payload text); CREATE PUBLICATION crash_pub FOR TABLE crash")
        LogicalPostgres.replication().use { it.createSlot("crash") }
        val log = File.createTempFile("crash-consumer", ".log")
        val childOutput = File.createTempFile("crash-consumer", ".out")
        val lines = LineCounter(log)
        var child: Process? = null

        fun start(position: String): Process {
            val java = File(System.getProperty("java.home"), "bin/java").path
            val command = listOf(
                java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), CrashConsumer::class.java.name,
                LogicalPostgres.url, "crash", "crash_pub", log.path, position, lastId.toString(),
            )
            return ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(childOutput)).start()
        }

        fun childFailed(process: Process): Nothing =
            fail("the consumer ended with status ${process.exitValue()}:\n${childOutput.readText().takeLast(4000)}")

        suspend fun awaitProgress(process: Process, atLeast: Int) {
            while (lines.count() < atLeast) {
                if (!process.isAlive) childFailed(process)
                delay(5)
            }
        }

        suspend fun walsender(): Int {
            while (true) {
                val pid = sql.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'crash'").rows.single().getObject(0)
                if (pid != null) return pid as Int
                delay(5)
            }
        }

        suspend fun confirmedFlush(): Lsn =
            Lsn.parse(sql.query("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'crash'").rows.single().getObject(0) as String)

        val kills = (listOf(Kill.JVM_KILLED, Kill.COROUTINE_CANCELLED, Kill.WALSENDER_TERMINATED) + List(2) { Kill.entries.random(random) }).shuffled(random)
        // Progress in log lines (about one per change); the points are spread over the run and random inside their span.
        val points = List(kills.size) { k -> 8_000 + k * 17_000 + random.nextInt(8_000) }
        val acknowledgedNotConfirmed = ArrayList<Int>()
        try {
            withTimeout(4.minutes) {
                val inserts = launch {
                    for (t in 0 until transactions) {
                        writer.execute(
                            "INSERT INTO crash SELECT g, 'row ' || g FROM generate_series($1::int, $2::int) g",
                            t * rowsEach, t * rowsEach + rowsEach - 1,
                        )
                    }
                }
                child = start("slot")
                for ((k, kill) in kills.withIndex()) {
                    awaitProgress(child!!, points[k])
                    when (kill) {
                        Kill.JVM_KILLED -> {
                            child!!.destroyForcibly().onExit().await()
                            // What it acknowledged but the server never heard of comes again from the slot; a consumer
                            // that keeps its own position skips it.
                            val confirmed = confirmedFlush()
                            acknowledgedNotConfirmed += log.readLines().count { it.startsWith("A ") && Lsn.parse(it.split(' ')[1]) > confirmed }
                            child = start("own")
                        }
                        Kill.COROUTINE_CANCELLED -> {
                            child!!.outputStream.apply { write("stop\n".toByteArray()); flush() }
                            val exited = child!!.onExit().await()
                            if (exited.exitValue() != 0) childFailed(exited)
                            child = start("slot")
                        }
                        Kill.WALSENDER_TERMINATED -> sql.query("SELECT pg_terminate_backend($1)", walsender())
                    }
                }
                inserts.join()
                val finished = child!!.onExit().await()
                if (finished.exitValue() != 0) childFailed(finished)
            }

            val seen = BooleanArray(lastId + 1)
            var previous = -1
            var lastAcknowledgedTx = -1
            var restarted = false
            var duplicates = 0
            var repeats = 0
            for ((n, line) in log.readLines().withIndex()) {
                val fields = line.split(' ')
                when (fields[0]) {
                    "R" -> restarted = true
                    "A" -> lastAcknowledgedTx = maxOf(lastAcknowledgedTx, fields[2].toInt() / rowsEach)
                    "C" -> {
                        val id = fields[1].toInt()
                        if (restarted || id != previous + 1) {
                            withClue("log line ${n + 1}: change $id after $previous, last acknowledged transaction $lastAcknowledgedTx (seed $seed, kills $kills at $points)") {
                                (id <= previous + 1) shouldBe true // nothing skipped
                                id % rowsEach shouldBe 0 // a transaction starts again from its first change
                                (id / rowsEach > lastAcknowledgedTx) shouldBe true // nothing acknowledged comes again
                            }
                            if (id != previous + 1) repeats++
                        }
                        restarted = false
                        if (seen[id]) duplicates++ else seen[id] = true
                        previous = id
                    }
                    else -> fail("unexpected log line ${n + 1}: $line")
                }
            }
            println("crash test (seed $seed): kills $kills at log lines $points; $repeats resumptions repeated $duplicates changes; acknowledged but not confirmed at the JVM kills: $acknowledgedNotConfirmed transactions")
            seen.all { it } shouldBe true
            previous shouldBe lastId
            lastAcknowledgedTx shouldBe transactions - 1
        } finally {
            withContext(NonCancellable + Dispatchers.IO) {
                child?.let { if (it.isAlive) it.destroyForcibly().waitFor() }
                runCatching { LogicalPostgres.replication().use { it.dropSlot("crash", wait = true) } }
                sql.close()
                writer.close()
                log.delete()
                childOutput.delete()
            }
        }
    }
})
