package io.databridge.benchmark

import io.databridge.benchmark.workload.MixedDigest
import io.databridge.benchmark.workload.MixedRow

/**
 * One PostgreSQL client under test. Every workload method does the work for real and returns a checksum
 * the harness compares with the value it expects, so a client cannot look fast by skipping work.
 * A workload the client cannot do throws [NotApplicable] with the reason, which the report prints.
 */
public interface BenchmarkClient : AutoCloseable {
    /** The name shown in the report, e.g. "pgjdbc 42.7.14 + HikariCP". */
    public val name: String

    /** Connects to [server]; called once before any workload. */
    public fun open(server: ServerAddress)

    /** W1: one `SELECT id, v FROM bench_kv WHERE id = $1` on a single connection; returns id + length(v). */
    public fun pointSelect(id: Int): Long

    /**
     * W1 as a whole: [pointSelect] for each of [ids] in order, each one's latency in microseconds stored into
     * [latencies]; returns the summed checksums. A client overrides it to show a caller that owns the loop, such
     * as a Kotlin caller already inside a coroutine.
     */
    public fun sequentialPointSelects(ids: IntArray, latencies: DoubleArray): Long {
        var sum = 0L
        for (i in ids.indices) {
            val t0 = System.nanoTime()
            sum += pointSelect(ids[i])
            latencies[i] = (System.nanoTime() - t0) / 1000.0
        }
        return sum
    }

    /** W2: one point select per id, issued by [callers] concurrent callers over a pool of [poolSize]; returns the summed checksums. */
    public fun pooledPointSelects(ids: IntArray, callers: Int, poolSize: Int): Long

    /** W3: one point select per id on one connection, [inFlight] requests outstanding at once; returns the summed checksums. */
    public fun pipelinedPointSelects(ids: IntArray, inFlight: Int): Long

    /** W4: reads every row of `bench_mixed`, decoding all ten columns into [digest]. */
    public fun readMixedRows(digest: MixedDigest)

    /** W5: inserts [rows] into `bench_insert` with the client's best batch method; returns the rows inserted. */
    public fun insertMixedRows(rows: List<MixedRow>): Long

    /** W6: COPYs [payload] (text format, [rows] lines) into `bench_copy`; returns the rows the server reports. */
    public fun copyIn(payload: ByteArray, rows: Int): Long

    /**
     * W6b: stores [rows] into `bench_load` (the W5 columns) with the client's fastest bulk method from typed values,
     * formatting included (binary COPY where the client has it, text COPY otherwise); returns the rows stored.
     */
    public fun loadMixedRows(rows: List<MixedRow>): Long

    /** W8: streams `generate_series(1, rows)` with the client's streaming API in bounded memory; returns the sum. */
    public fun streamSeries(rows: Long): Long
}

/** Thrown by a [BenchmarkClient] for a workload it cannot run; [reason] goes into the report as "n/a: reason". */
public class NotApplicable(public val reason: String) : RuntimeException(reason)

/** Where the benchmark server listens; trust authentication, no password. */
public data class ServerAddress(val host: String, val port: Int, val database: String, val user: String) {
    /** The pgjdbc URL with [extra] query parameters appended. */
    public fun jdbcUrl(extra: String = ""): String =
        "jdbc:postgresql://$host:$port/$database?user=$user" + if (extra.isEmpty()) "" else "&$extra"
}
