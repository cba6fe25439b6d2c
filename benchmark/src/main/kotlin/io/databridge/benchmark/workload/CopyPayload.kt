package io.databridge.benchmark.workload

/** The COPY text-format payload of W6: `id \t name \t score` lines, built once and shared by every client. */
internal object CopyPayload {
    fun text(rows: Int): ByteArray {
        val out = StringBuilder(rows * 32)
        for (i in 1..rows) out.append(i).append('\t').append("name-").append(i).append('\t').append(i * 0.5).append('\n')
        return out.toString().toByteArray(Charsets.UTF_8)
    }

    /** The count and sum(id) bench_copy must hold after [rows] lines were copied. */
    fun countAndSum(rows: Int): Pair<Long, Long> = rows.toLong() to rows.toLong() * (rows + 1) / 2
}
