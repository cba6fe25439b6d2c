package io.databridge.pg.replication

import io.kotest.assertions.fail
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.File
import kotlin.time.Duration.Companion.minutes

/**
 * A slow consumer over a backlog of 1,000,000 changes (one transaction of 500,000 rows, then 500 of 1,000) in a child
 * JVM whose heap is capped at 64 MB: a stream that held the large transaction whole would run out of memory. To measure
 * what delivering it whole holds, run the spec with `-Dreplication.backlog.whole=true` (one delivery per transaction,
 * a 1 GB heap, no bound checked).
 */
class ReplicationMemorySpec : FunSpec({
    test("a slow consumer over a 1,000,000-change backlog, one transaction of 500,000, runs in a 64 MB heap: parts of 10,000, heap after GC bounded") {
        val changes = 1_000_000L
        val sql = LogicalPostgres.sql()
        val output = File.createTempFile("backlog-consumer", ".out")
        try {
            sql.simpleQuery("CREATE TABLE backlog (id int PRIMARY KEY, payload text); CREATE PUBLICATION backlog_pub FOR TABLE backlog")
            LogicalPostgres.replication().use { it.createSlot("backlog") }
            sql.simpleQuery("INSERT INTO backlog SELECT g, 'row ' || g FROM generate_series(0, 499999) g")
            sql.simpleQuery(
                "DO $$ BEGIN FOR t IN 0..499 LOOP " +
                    "INSERT INTO backlog SELECT g, 'row ' || g FROM generate_series(500000 + t * 1000, 500999 + t * 1000) g; COMMIT; " +
                    "END LOOP; END $$",
            )
            val whole = System.getProperty("replication.backlog.whole") == "true"
            val heapLimit = if (whole) "-Xmx1g" else "-Xmx64m"
            val java = File(System.getProperty("java.home"), "bin/java").path
            val command = listOf(
                java, heapLimit, "-cp", System.getProperty("java.class.path"), BacklogConsumer::class.java.name,
                LogicalPostgres.url, "backlog", "backlog_pub", changes.toString(), "2", if (whole) changes.toString() else "10000",
            )
            val process = ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start()
            val exited = try {
                withTimeout(4.minutes) { process.onExit().await() }
            } finally {
                if (process.isAlive) process.destroyForcibly().waitFor()
            }
            val verdict = output.readLines().lastOrNull { it.startsWith("OK ") }
            if (exited.exitValue() != 0 || verdict == null) fail("the consumer ended with status ${exited.exitValue()}:\n${output.readText().takeLast(4000)}")
            val (seen, sum, largest, heap, millis) = verdict.removePrefix("OK ").split(' ')
            println("1M-change backlog under $heapLimit: $seen changes in $millis ms, largest delivery $largest, highest heap used after GC ${heap.toLong() / 1024} KiB")
            seen.toLong() shouldBe changes
            sum.toLong() shouldBe changes * (changes - 1) / 2
            if (!whole) {
                largest.toInt() shouldBe 10_000
                heap.toLong() shouldBeLessThan (48L shl 20)
            }
        } finally {
            withContext(NonCancellable + Dispatchers.IO) {
                runCatching { LogicalPostgres.replication().use { it.dropSlot("backlog", wait = true) } }
                runCatching { sql.simpleQuery("DROP TABLE backlog") }
                sql.close()
                output.delete()
            }
        }
    }
})
