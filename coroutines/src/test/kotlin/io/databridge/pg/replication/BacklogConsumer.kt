package io.databridge.pg.replication

import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.runBlocking
import java.lang.management.ManagementFactory
import kotlin.system.exitProcess

/**
 * The slow consumer [ReplicationMemorySpec] runs in a child JVM with a small heap: it reads `changes` changes of a slot,
 * pausing `pauseMillis` after each delivery; at the first delivery and every 20th after it, while the delivery is
 * still held, it collects garbage and samples the heap in use. Arguments: url, slot, publication, changes, pauseMillis,
 * maxChangesPerDelivery. Prints one line the parent parses:
 * `OK <changes> <sum of ids> <largest delivery> <highest heap used after GC, bytes> <millis>`.
 */
object BacklogConsumer {
    @JvmStatic
    fun main(args: Array<String>) {
        val (url, slot, publication) = args
        val changes = args[3].toLong()
        val pauseMillis = args[4].toLong()
        val options = ReplicationOptions(maxChangesPerDelivery = args[5].toInt())
        val memory = ManagementFactory.getMemoryMXBean()
        var seen = 0L
        var sum = 0L
        var deliveries = 0
        var largest = 0
        var highest = 0L
        val start = System.nanoTime()
        runBlocking {
            replicationStream(url, slot, publication, options = options).takeWhile { delivery ->
                val tx = delivery.event as ChangeTransaction
                for (change in tx.changes) sum += (change as RowInserted).newRow["id"] as Int
                seen += tx.changes.size
                largest = maxOf(largest, tx.changes.size)
                if (++deliveries % 20 == 1) {
                    System.gc()
                    highest = maxOf(highest, memory.heapMemoryUsage.used)
                }
                delay(pauseMillis)
                delivery.ack()
                seen < changes
            }.collect()
        }
        println("OK $seen $sum $largest $highest ${(System.nanoTime() - start) / 1_000_000}")
        System.out.flush()
        exitProcess(0)
    }
}
