package io.databridge.pg.protocol

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.matchers.types.shouldNotBeSameInstanceAs
import java.util.Random

/** A session-like stream: startup answers, a described query with rows, a copy and a notification. */
internal val SAMPLE_STREAM: ByteArray = wire(
    "R", 0, 0, 0, 8, 0, 0, 0, 0,
    "S", 0, 0, 0, 25, "client_encoding", 0, "UTF8", 0,
    "K", 0, 0, 0, 12, 0, 0, 0x30, 0x39, 1, 2, 3, 4,
    "Z", 0, 0, 0, 5, "I",
    "T", 0, 0, 0, 26, 0, 1, "n", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 0,
    "D", 0, 0, 0, 11, 0, 1, 0, 0, 0, 1, "1",
    "D", 0, 0, 0, 10, 0, 1, 0xff, 0xff, 0xff, 0xff,
    "D", 0, 0, 0, 12, 0, 1, 0, 0, 0, 2, "22",
    "C", 0, 0, 0, 13, "SELECT 3", 0,
    "H", 0, 0, 0, 9, 0, 0, 1, 0, 0,
    "d", 0, 0, 0, 8, "a\tb\n",
    "c", 0, 0, 0, 4,
    "A", 0, 0, 0, 13, 0, 0, 0, 9, "ch", 0, "p", 0,
    "N", 0, 0, 0, 17, "S", "NOTICE", 0, "M", "hi", 0, 0,
    "Z", 0, 0, 0, 5, "T",
)

class DecoderFramingSpec : FunSpec({
    val reference = decodeAll(SAMPLE_STREAM)

    test("the sample stream decodes completely in one buffer") {
        reference.size shouldBe 15
        reference.last() shouldBeSameInstanceAs ReadyForQuery.IN_TRANSACTION
        (reference[5] as DataRow).text(0) shouldBe "1"
    }

    test("split at every byte into two parts, with a tiny receive array that must move") {
        for (cut in 0..SAMPLE_STREAM.size) {
            val d = BackendDecoder(chunkSize = 16)
            val out = ArrayList<BackendMessage>()
            d.feed(SAMPLE_STREAM, 0, cut)
            generateSequence { d.next() }.forEach { out += it }
            d.feed(SAMPLE_STREAM, cut, SAMPLE_STREAM.size - cut)
            generateSequence { d.next() }.forEach { out += it }
            withClue(cut) { out shouldBe reference }
            d.position shouldBe SAMPLE_STREAM.size.toLong()
        }
    }

    test("one byte at a time through receiveBuffer/received") {
        val d = BackendDecoder(chunkSize = 16)
        val out = ArrayList<BackendMessage>()
        for (b in SAMPLE_STREAM) {
            d.next() shouldBe null
            val target = d.receiveBuffer(1)
            target.put(b)
            d.received(1)
            generateSequence { d.next() }.forEach { out += it }
        }
        out shouldBe reference
    }

    test("random chunkings, seeded") {
        val seed = 20261123L
        val random = Random(seed)
        repeat(500) { round ->
            val d = BackendDecoder(chunkSize = 16 + random.nextInt(64))
            val out = ArrayList<BackendMessage>()
            var at = 0
            while (at < SAMPLE_STREAM.size) {
                val n = minOf(1 + random.nextInt(40), SAMPLE_STREAM.size - at)
                d.feed(SAMPLE_STREAM, at, n)
                at += n
                generateSequence { d.next() }.forEach { out += it }
            }
            withClue("seed $seed round $round") { out shouldBe reference }
        }
    }

    test("rows handed out stay intact while much more input arrives") {
        val d = BackendDecoder(chunkSize = 32)
        val rows = ArrayList<DataRow>()
        for (i in 0 until 2000) {
            val value = "row-$i"
            val frame = wire("D", int32(10 + value.length), 0, 1, int32(value.length), value)
            for (b in frame) {
                d.feed(byteArrayOf(b))
                generateSequence { d.next() }.forEach { rows += it as DataRow }
            }
        }
        rows.size shouldBe 2000
        rows.forEachIndexed { i, row -> row.text(0) shouldBe "row-$i" }
    }

    test("the receive array is compacted in place while no row points into it, replaced once one does") {
        val d = BackendDecoder(chunkSize = 64)
        val first = d.receiveBuffer().array()
        repeat(100) {
            d.feed(wire("Z", 0, 0, 0, 5, "I"))
            d.next() shouldBeSameInstanceAs ReadyForQuery.IDLE
        }
        d.receiveBuffer().array() shouldBeSameInstanceAs first
        d.feed(wire("D", 0, 0, 0, 11, 0, 1, 0, 0, 0, 1, "x"))
        val row = d.next() as DataRow
        repeat(20) {
            d.feed(wire("Z", 0, 0, 0, 5, "I"))
            d.next()
        }
        d.receiveBuffer().array() shouldNotBeSameInstanceAs first
        row.text(0) shouldBe "x"
        d.capacity shouldBe 64
    }

    test("a large message grows the buffer only with what has arrived") {
        val value = ByteArray(1_000_000) { (it % 251).toByte() }
        val frame = wire("D", int32(10 + value.size), 0, 1, int32(value.size), value)
        val d = BackendDecoder(chunkSize = 1024)
        var fed = 0
        while (fed < frame.size) {
            d.next() shouldBe null
            val n = minOf(4096, frame.size - fed)
            d.feed(frame, fed, n)
            fed += n
            d.capacity shouldBeLessThanOrEqual maxOf(1024, 2 * fed)
        }
        val row = d.next() as DataRow
        row.bytes(0)!!.contentEquals(value) shouldBe true
    }

    test("a declared length that never arrives allocates nothing and just waits") {
        val d = BackendDecoder()
        d.feed(wire("D", 0x3f, 0xff, 0xff, 0xff, 0, 1))
        repeat(3) { d.next() shouldBe null }
        d.capacity shouldBe BackendDecoder.DEFAULT_CHUNK_SIZE
    }

    test("several messages in one buffer, and a trailing partial one kept for later") {
        val d = BackendDecoder()
        d.feed(wire("1", 0, 0, 0, 4, "2", 0, 0, 0, 4, "n", 0, 0, 0, 4, "Z", 0, 0))
        d.next() shouldBeSameInstanceAs ParseComplete
        d.next() shouldBeSameInstanceAs BindComplete
        d.next() shouldBeSameInstanceAs NoData
        d.next() shouldBe null
        d.bufferedBytes shouldBe 3
        d.feed(wire(0, 5, "E"))
        d.next() shouldBeSameInstanceAs ReadyForQuery.FAILED
        d.next() shouldBe null
    }
})
