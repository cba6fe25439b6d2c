package io.databridge.pg.protocol

import io.databridge.pg.errors.ProtocolException
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.Random

/** Valid frames to mutate: every frame of the sample stream plus messages it lacks. */
private val CORPUS: List<ByteArray> = splitFrames(SAMPLE_STREAM) + listOf(
    wire("R", 0, 0, 0, 12, 0, 0, 0, 5, 1, 2, 3, 4),
    wire("R", 0, 0, 0, 42, 0, 0, 0, 10, "SCRAM-SHA-256-PLUS", 0, "SCRAM-SHA-256", 0, 0),
    wire("R", 0, 0, 0, 14, 0, 0, 0, 11, "r=abc,"),
    wire("K", 0, 0, 0, 40, 0, 0, 0, 1, ByteArray(32) { it.toByte() }),
    wire("T", 0, 0, 0, 48, 0, 2, "id", 0, ByteArray(16), 0, 1, "nm", 0, ByteArray(16), 0, 0),
    wire("t", 0, 0, 0, 14, 0, 2, 0, 0, 0, 23, 0, 0, 0, 25),
    wire("D", 0, 0, 0, 21, 0, 3, 0, 0, 0, 3, "abc", 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0),
    wire("E", 0, 0, 0, 28, "S", "ERROR", 0, "C", "23505", 0, "M", "dup", 0, "n", "pk", 0, 0),
    wire("G", 0, 0, 0, 11, 1, 0, 2, 0, 1, 0, 0),
    wire("W", 0, 0, 0, 7, 0, 0, 0),
    wire("v", 0, 0, 0, 19, 0, 0, 0, 0, 0, 0, 0, 1, "_pq_.a", 0),
    wire("I", 0, 0, 0, 4),
    wire("s", 0, 0, 0, 4),
)

private fun splitFrames(stream: ByteArray): List<ByteArray> {
    val frames = ArrayList<ByteArray>()
    var at = 0
    while (at < stream.size) {
        val len = int32At(stream, at + 1)
        frames += stream.copyOfRange(at, at + 1 + len)
        at += 1 + len
    }
    return frames
}

private fun int32At(a: ByteArray, p: Int): Int =
    (a[p].toInt() shl 24) or ((a[p + 1].toInt() and 0xff) shl 16) or ((a[p + 2].toInt() and 0xff) shl 8) or (a[p + 3].toInt() and 0xff)

private val INTERESTING_LENGTHS = intArrayOf(0, 1, 3, 4, 5, 8, 12, 255, 65536, 1 shl 20, (1 shl 30) + 1, Int.MAX_VALUE, -1, Int.MIN_VALUE)
private const val TAGS = "RKSZTtDCIEnNA123sGHWdcvxV\u0000\u00ff"

/** Outcome counters, to show that the mutations reach every outcome rather than failing at the first byte. */
private class Tally {
    var frames = 0L
    var messages = 0L
    var needMore = 0L
    var protocolErrors = 0L
}

class DecoderFuzzSpec : FunSpec({
    val seed = System.getProperty("protocol.fuzz.seed")?.toLong() ?: 0x5EED_2026L
    val frames = System.getProperty("protocol.fuzz.frames")?.toLong() ?: 1_000_000L

    test("$frames mutated frames give a message, 'need more' or ProtocolException, in bounded memory") {
        val random = Random(seed)
        val tally = Tally()
        var cases = 0L
        var failure: Throwable? = null
        val start = System.nanoTime()
        // A fresh thread keeps the stack shallow: most of the cost of a ProtocolException is filling its trace.
        val worker = Thread {
            while (tally.frames < frames) {
                val input = mutatedInput(random, tally)
                try {
                    decodeChecked(input, random, tally)
                } catch (e: Throwable) {
                    failure = AssertionError("seed $seed case $cases input [${input.hex()}]: ${e.message}", e)
                    return@Thread
                }
                cases++
            }
        }
        worker.start()
        worker.join()
        failure?.let { throw it }
        val seconds = (System.nanoTime() - start) / 1e9
        println(
            "decoder fuzz: seed $seed, ${tally.frames} frames in $cases cases, %.1f s: %d messages, %d incomplete, %d protocol errors"
                .format(seconds, tally.messages, tally.needMore, tally.protocolErrors),
        )
        tally.messages shouldBeGreaterThan frames / 4
        tally.needMore shouldBeGreaterThan cases / 20
        tally.protocolErrors shouldBeGreaterThan cases / 20
    }

    test("the unmutated corpus decodes without error") {
        val d = BackendDecoder()
        for (frame in CORPUS) d.feed(frame)
        generateSequence { d.next() }.count() shouldBe CORPUS.size
    }
})

private fun mutatedInput(random: Random, tally: Tally): ByteArray {
    if (random.nextInt(20) == 0) {
        tally.frames++
        return randomFrame(random)
    }
    val out = java.io.ByteArrayOutputStream()
    val frames = 1 + random.nextInt(4)
    tally.frames += frames
    repeat(frames) { out.write(CORPUS[random.nextInt(CORPUS.size)]) }
    val bytes = out.toByteArray()
    var result = bytes
    repeat(random.nextInt(4)) {
        result = when (random.nextInt(5)) {
            0 -> result.also { if (it.isNotEmpty()) it[random.nextInt(it.size)] = random.nextInt(256).toByte() }
            1 -> result.also {
                if (it.isNotEmpty()) {
                    val i = random.nextInt(it.size)
                    it[i] = (it[i].toInt() xor (1 shl random.nextInt(8))).toByte()
                }
            }
            2 -> alterLength(result, random)
            3 -> if (result.isEmpty()) result else result.copyOf(random.nextInt(result.size))
            else -> {
                tally.frames++
                result + CORPUS[random.nextInt(CORPUS.size)]
            }
        }
    }
    return result
}

/** Overwrites the length field of the first frame with an interesting or nearby value. */
private fun alterLength(bytes: ByteArray, random: Random): ByteArray {
    if (bytes.size < 5) return bytes
    val old = int32At(bytes, 1)
    val v = if (random.nextBoolean()) INTERESTING_LENGTHS[random.nextInt(INTERESTING_LENGTHS.size)] else old + random.nextInt(9) - 4
    bytes[1] = (v ushr 24).toByte()
    bytes[2] = (v ushr 16).toByte()
    bytes[3] = (v ushr 8).toByte()
    bytes[4] = v.toByte()
    return bytes
}

private fun randomFrame(random: Random): ByteArray {
    val body = ByteArray(random.nextInt(40)).also(random::nextBytes)
    val len = if (random.nextInt(4) == 0) random.nextInt() else body.size + 4
    return wire(TAGS[random.nextInt(TAGS.length)].code, int32(len), body)
}

private fun decodeChecked(input: ByteArray, random: Random, tally: Tally) {
    val chunk = 16 + random.nextInt(240)
    val decoder = if (random.nextBoolean()) BackendDecoder(chunkSize = chunk) else BackendDecoder(maxMessageSize = 4096, chunkSize = chunk)
    var fed = 0
    try {
        while (fed < input.size) {
            val n = minOf(1 + random.nextInt(input.size), input.size - fed)
            if (random.nextBoolean()) {
                decoder.feed(input, fed, n)
            } else {
                val target = decoder.receiveBuffer(n)
                target.put(input, fed, n)
                decoder.received(n)
            }
            fed += n
            check(decoder.capacity <= maxOf(chunk, 2 * fed)) { "capacity ${decoder.capacity} after $fed bytes" }
            var calls = 0
            while (decoder.next() != null) {
                tally.messages++
                check(++calls <= fed) { "more messages than bytes" }
            }
            check(decoder.position + decoder.bufferedBytes == fed.toLong()) { "position lost track of the stream" }
        }
        if (decoder.bufferedBytes > 0) tally.needMore++
    } catch (e: ProtocolException) {
        tally.protocolErrors++
        check(e.offset in 0..input.size.toLong()) { "offset ${e.offset} outside the input" }
    }
}
