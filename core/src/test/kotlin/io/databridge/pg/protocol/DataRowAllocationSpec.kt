package io.databridge.pg.protocol

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.lang.management.ManagementFactory

class DataRowAllocationSpec : FunSpec({
    test("decoding a DataRow allocates the row and its position index, nothing else") {
        val threads = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val frame = wire("D", 0, 0, 0, 25, 0, 3, 0, 0, 0, 4, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 3, "abc")
        val rows = 100_000
        val stream = ByteArray(frame.size * rows)
        for (i in 0 until rows) System.arraycopy(frame, 0, stream, i * frame.size, frame.size)
        val d = BackendDecoder()
        // Warm up so the measured loop runs compiled code, as the hot path does.
        repeat(3) {
            d.feed(stream)
            while (d.next() != null) Unit
        }
        d.feed(stream)
        val id = Thread.currentThread().id
        val before = threads.getThreadAllocatedBytes(id)
        var decoded = 0
        var lengths = 0L
        while (true) {
            val row = d.next() as DataRow? ?: break
            lengths += row.valueLength(0) + row.valueLength(2)
            decoded++
        }
        val perRow = (threads.getThreadAllocatedBytes(id) - before) / rows
        decoded shouldBe rows
        lengths shouldBe 7L * rows
        println("DataRow decode: $perRow bytes allocated per 3-column row")
        // DataRow (16-24 bytes) + IntArray(3) (28-32 bytes): two objects, 64 bytes at most on any 64-bit layout.
        perRow shouldBeLessThanOrEqual 64L
    }
})
