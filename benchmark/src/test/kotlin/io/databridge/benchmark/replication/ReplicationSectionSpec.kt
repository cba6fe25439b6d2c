package io.databridge.benchmark.replication

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** Where the replication probe's figures go in docs/benchmarks.md, and that a regenerated report keeps them. */
class ReplicationSectionSpec : FunSpec({
    val report = "# data-bridge benchmarks\n\n## W1 x\n\nrows\n\n## Speed work, round 1: before/after\n\nold\n\n## How to reproduce\n\nrun it\n"
    val memory = "## Logical replication: memory over a backlog\n\nheap\n\n"

    test("the probe's section goes before How to reproduce, then replaces itself and leaves the memory section be") {
        val first = ReplicationSection.replace(report, "${ReplicationSection.HEADING}\n\nfirst\n")
        first shouldBe report.replace("## How to reproduce", "${ReplicationSection.HEADING}\n\nfirst\n\n## How to reproduce")
        val withMemory = first.replace("## How to reproduce", memory + "## How to reproduce")
        val second = ReplicationSection.replace(withMemory, "${ReplicationSection.HEADING}\n\nsecond\n")
        second shouldBe withMemory.replace("first", "second")
    }

    test("every replication section is carried, up to the next section that is not one") {
        val document = ReplicationSection.replace(report, "${ReplicationSection.HEADING}\n\nfigures\n")
            .replace("## How to reproduce", memory + "## How to reproduce")
        ReplicationSection.of(document) shouldBe "${ReplicationSection.HEADING}\n\nfigures\n\n$memory"
        ReplicationSection.of(report) shouldBe ""
    }
})
