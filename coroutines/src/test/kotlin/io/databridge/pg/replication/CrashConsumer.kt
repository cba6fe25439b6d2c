package io.databridge.pg.replication

import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.io.File
import java.io.FileWriter
import java.io.Writer
import kotlin.concurrent.thread
import kotlin.system.exitProcess
import kotlin.time.Duration.Companion.milliseconds

/**
 * The consumer [ReplicationCrashSpec] kills: a child JVM following a slot. For each change it is given it appends
 * `C <id> <commitLsn>`, and once it acknowledged a complete transaction `A <endLsn> <last id>`, each line flushed to
 * the OS before it goes on, so a SIGKILL loses nothing it wrote. Arguments: url, slot, publication, log file, `own`
 * to start after the last `A` position in the file (a consumer keeping its own position, as after a crash) or `slot`
 * for the slot's confirmed position, and the last id to expect. A line `stop` on stdin cancels the collecting
 * coroutine; the process ends with status 0 once the last id is acknowledged or the collection was cancelled.
 */
object CrashConsumer {
    /** Transactions arrive in parts of this many changes, so kills also land between the parts of one. */
    const val PART = 40

    @JvmStatic
    fun main(args: Array<String>) {
        val (url, slot, publication, path, start) = args
        val lastId = args[5].toInt()
        val file = File(path)
        val startAfter = if (start == "own") lastAcknowledged(file) else null
        val options = ReplicationOptions(
            statusInterval = 200.milliseconds,
            reconnectInitialDelay = 50.milliseconds,
            reconnectMaxDelay = 500.milliseconds,
            maxChangesPerDelivery = PART,
        )
        FileWriter(file, true).buffered().use { out ->
            out.line("R ${startAfter ?: "slot"}")
            runBlocking {
                val consumer = launch {
                    replicationStream(url, slot, publication, options = options, startAfter = startAfter).takeWhile { delivery ->
                        val tx = delivery.event as ChangeTransaction
                        var last = -1
                        for (change in tx.changes) {
                            last = (change as RowInserted).newRow["id"] as Int
                            out.line("C $last ${tx.commitLsn}")
                        }
                        delivery.ack()
                        if (tx.complete) out.line("A ${tx.endLsn} $last")
                        !(tx.complete && last == lastId)
                    }.collect()
                }
                thread(isDaemon = true) { if (readlnOrNull() == "stop") consumer.cancel() }
                consumer.join()
            }
        }
        exitProcess(0)
    }

    private fun Writer.line(text: String) {
        write(text)
        write("\n")
        flush()
    }

    /** The end position of the last transaction this consumer's log says it acknowledged, or null. */
    fun lastAcknowledged(file: File): Lsn? =
        file.takeIf { it.exists() }?.readLines()?.lastOrNull { it.startsWith("A ") }?.split(' ')?.get(1)?.let(Lsn::parse)
}
