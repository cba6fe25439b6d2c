package io.databridge.benchmark.compare

import io.databridge.benchmark.BenchmarkClient
import io.databridge.benchmark.RoundRecorder
import io.databridge.benchmark.WorkloadRounds

/**
 * A workload the before/after comparison runs on one data-bridge build: which client kind it needs (raw engine,
 * raw engine with a coroutine caller, or the DSL) and how one round of it runs.
 */
internal enum class CompareWorkload(val title: String, val unit: String, val client: CompareClientKind) {
    W1("W1 point select, blocking caller (runBlocking per query)", "queries/s", CompareClientKind.RAW),
    W1B("W1 point select, blocking call (queryBlocking)", "queries/s", CompareClientKind.BLOCKING_CALL),
    W1C("W1 point select, caller inside one coroutine", "queries/s", CompareClientKind.COROUTINE_CALLER),
    W1L("W1 point select, coroutine on the connection's loop", "queries/s", CompareClientKind.LOOP_CALLER),
    W1K("W1 point select over the Ktor transport (runBlocking per query)", "queries/s", CompareClientKind.KTOR),
    W2("W2 point select, 64 callers over a pool of 4", "queries/s", CompareClientKind.RAW),
    W3("W3 pipelined point selects (256 in flight)", "queries/s", CompareClientKind.RAW),
    W4("W4 1000 rows × 10 mixed columns decoded", "rows/s", CompareClientKind.RAW),
    W8A("W8a allocation per decoded W4 row", "B/row", CompareClientKind.RAW),
    W5("W5 batch insert of 1000 mixed rows", "rows/s", CompareClientKind.RAW),
    W6("W6 COPY FROM STDIN, 100k rows", "rows/s", CompareClientKind.RAW),
    W6B("W6b binary COPY of 100k typed mixed rows", "rows/s", CompareClientKind.RAW),
    W8S("W8b's stream, 1M rows (fetch size 10,000)", "rows/s", CompareClientKind.RAW),
    D1("W7 DSL: W1 through the DSL", "queries/s", CompareClientKind.DSL),
    D4("W7 DSL: W4 through the DSL", "rows/s", CompareClientKind.DSL),
    D5("W7 DSL: W5 through the DSL", "rows/s", CompareClientKind.DSL),
    D6B("W7 DSL: W6b through the DSL's copyIn", "rows/s", CompareClientKind.DSL),
    E1("W7 entities: W1 as findById", "queries/s", CompareClientKind.ENTITY),
    E4("W7 entities: W4 as findAll", "rows/s", CompareClientKind.ENTITY),
    E5("W7 entities: W5 as insertAll", "rows/s", CompareClientKind.ENTITY),
    F1("W1 through the Java facade (join per query)", "queries/s", CompareClientKind.FACADE),
    F3("W3 through the Java facade (256 futures in flight)", "queries/s", CompareClientKind.FACADE);

    /** Runs round [round] of this workload on [client] into [recorder]. */
    fun run(rounds: WorkloadRounds, client: BenchmarkClient, round: Int, recorder: RoundRecorder) {
        when (this) {
            W1, W1B, W1C, W1L, W1K, D1, E1, F1 -> rounds.pointSelects(client, round, recorder)
            W2 -> rounds.pooledPointSelects(client, round, recorder)
            W3, F3 -> rounds.pipelinedPointSelects(client, round, recorder)
            W4, D4, E4 -> rounds.mixedReads(client, recorder)
            W5, D5, E5 -> rounds.inserts(client, recorder)
            W6 -> rounds.copyIn(client, recorder)
            W6B, D6B -> rounds.loads(client, recorder)
            W8S -> rounds.stream(client, recorder)
            W8A -> error("W8a is measured through WorkloadRounds.allocationPerRow")
        }
    }

    /** Whether a higher figure is better (false for bytes per row). */
    val higherIsBetter: Boolean get() = this != W8A

    /**
     * The DSL workload this entity workload is set against (E1 against D1, …), or null. The two run interleaved round
     * by round, so that on a busy machine both see the same load, which running one after the other does not give.
     */
    val layerBelow: CompareWorkload?
        get() = when (this) {
            E1 -> D1
            E4 -> D4
            E5 -> D5
            else -> null
        }

    companion object {
        /**
         * [workloads] in the order given, an entity workload moved beside its DSL workload when both are asked for:
         * each inner list runs interleaved, round by round.
         */
        fun interleaved(workloads: List<CompareWorkload>): List<List<CompareWorkload>> =
            workloads.groupBy { w -> w.layerBelow?.takeIf { it in workloads } ?: w }.values.toList()
    }
}

/** The data-bridge client a compare workload needs, NIO transport throughout except [KTOR]. */
internal enum class CompareClientKind { RAW, BLOCKING_CALL, COROUTINE_CALLER, LOOP_CALLER, KTOR, DSL, ENTITY, FACADE }
