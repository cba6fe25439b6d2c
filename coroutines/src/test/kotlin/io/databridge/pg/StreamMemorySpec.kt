package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * Streams 10 million rows in a forked JVM limited to a 64 MB heap: only bounded memory can finish. The child is the
 * [StreamMemoryMain] entry point on this test classpath; it prints the row count and the sum it saw.
 */
class StreamMemorySpec : FunSpec({
    test("10 million streamed rows fit in a 64 MB heap") {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(
            java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), StreamMemoryMain::class.java.name,
            SharedPostgres.server.url(), "10000000",
        ).redirectErrorStream(true).start()
        try {
            val finished = process.waitFor(120, TimeUnit.SECONDS)
            val output = process.inputStream.bufferedReader().readText()
            finished shouldBe true
            output.trim().lines().last() shouldBe "rows=10000000 sum=50000005000000"
            process.exitValue() shouldBe 0
        } finally {
            process.destroyForcibly()
        }
    }
})

/** The child process of [StreamMemorySpec]: streams `generate_series(1, n)` and prints what it counted. */
object StreamMemoryMain {
    @JvmStatic
    fun main(args: Array<String>) {
        val (url, n) = args
        kotlinx.coroutines.runBlocking {
            PgConnection.connect(url).use { c ->
                var rows = 0L
                var sum = 0L
                c.stream("SELECT g::int8 FROM generate_series(1, $1::int8) g", n.toLong(), fetchSize = 5000).collect { row ->
                    rows++
                    sum += row.getLong(0)
                }
                println("rows=$rows sum=$sum")
            }
        }
        kotlin.system.exitProcess(0)
    }
}
