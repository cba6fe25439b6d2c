package io.databridge.benchmark.replication

/**
 * The replication sections of docs/benchmarks.md: the decoding figures `benchmark/replication.sh` writes, and beside
 * them the memory figure of the coroutines module's ReplicationMemorySpec. `benchmark/run.sh` carries them unchanged
 * when it regenerates the rest of the report.
 */
internal object ReplicationSection {
    private const val PREFIX = "## Logical replication"

    /** The heading of the section the probe writes. */
    const val HEADING = "$PREFIX: decoding a slot"

    /** Every replication section of [document], to carry into a regenerated report; empty when there is none. */
    fun of(document: String): String {
        val start = document.indexOf(PREFIX)
        if (start < 0) return ""
        var end = start
        while (true) {
            val next = document.indexOf("\n## ", end + 1)
            if (next < 0) return document.substring(start)
            if (!document.startsWith(PREFIX, next + 1)) return document.substring(start, next + 1)
            end = next + 1
        }
    }

    /** [document] with the probe's section replaced by [section], or added before "How to reproduce" (or at the end). */
    fun replace(document: String, section: String): String {
        val block = section.trimEnd() + "\n\n"
        val own = document.indexOf(HEADING)
        if (own >= 0) {
            val end = document.indexOf("\n## ", own + HEADING.length).let { if (it < 0) document.length else it + 1 }
            return document.substring(0, own) + block + document.substring(end)
        }
        val at = document.indexOf("## How to reproduce").takeIf { it >= 0 } ?: return document + (if (document.isEmpty()) "" else "\n") + block
        return document.substring(0, at) + block + document.substring(at)
    }
}
