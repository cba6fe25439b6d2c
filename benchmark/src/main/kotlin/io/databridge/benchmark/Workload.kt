package io.databridge.benchmark

/** The workloads of issue 7, in report order; [higherIsBetter] is false for the allocation figure. */
internal enum class Workload(val title: String, val higherIsBetter: Boolean = true) {
    W1_POINT_SELECT("W1 point select by key, 1 connection, sequential"),
    W2_POOLED("W2 point select, ${BenchmarkPlan.CALLERS} concurrent callers over a pool of ${BenchmarkPlan.POOL_SIZE}"),
    W3_PIPELINED("W3 pipelined point selects on one connection (${BenchmarkPlan.IN_FLIGHT} in flight)"),
    W4_MIXED_READ("W4 ${BenchmarkPlan.MIXED_ROWS} rows × 10 mixed columns, every value decoded"),
    W5_BATCH_INSERT("W5 insert ${BenchmarkPlan.MIXED_ROWS} mixed rows, each client's best batch method"),
    W6_COPY("W6 COPY FROM STDIN"),
    W6B_LOAD("W6b bulk load of typed mixed rows, each client's fastest load from values"),
    W8_ALLOCATION("W8a allocation per decoded row (W4, all JVM threads)", higherIsBetter = false),
    W8_STREAM("W8b stream a large result under ${BenchmarkPlan.STREAM_HEAP}");

    /** Whether the runner records client CPU per query (W1 and W3, where it compares the drivers' own cost). */
    val recordsCpu: Boolean get() = this == W1_POINT_SELECT || this == W3_PIPELINED
}
