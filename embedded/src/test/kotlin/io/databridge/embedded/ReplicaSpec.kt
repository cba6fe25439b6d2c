package io.databridge.embedded

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class ReplicaSpec : FunSpec({
    test("a streaming replica receives the primary's rows and can be promoted") {
        EmbeddedPostgres.start { tls() }.use { primary ->
            connect(primary, props = arrayOf("user" to "postgres")).use { c -> c.run("CREATE TABLE t(x int)", "INSERT INTO t VALUES (1)") }
            primary.startReplica().use { replica ->
                replica.port shouldNotBe primary.port
                replica.socketDirectory shouldNotBe primary.socketDirectory
                replica.isInRecovery().shouldBeTrue()
                primary.isInRecovery().shouldBeFalse()
                connect(primary, props = arrayOf("user" to "postgres")).use { c -> c.run("INSERT INTO t VALUES (2), (3)") }
                eventually(replica, "SELECT count(*) FROM t", "3")
                replica.promote()
                replica.isInRecovery().shouldBeFalse()
                connect(replica, props = arrayOf("user" to "postgres")).use { c ->
                    c.run("INSERT INTO t VALUES (4)")
                    c.single("SELECT count(*) FROM t") shouldBe "4"
                }
                Files.exists(replica.tls!!.caFile).shouldBeTrue()
            }
        }
    }

    test("a replica with physicalSlot and syncFailoverSlots streams through its slot and is listed in synchronized_standby_slots; bad options are refused before anything starts, a failed start drops its slot") {
        EmbeddedPostgres.start { setting("wal_level", "logical") }.use { primary ->
            shouldThrow<IllegalArgumentException> { primary.replica().physicalSlot("Not A Slot") }.message shouldContain "slot name"
            shouldThrow<IllegalArgumentException> { primary.replica().syncFailoverSlots().start() }.message shouldContain "physicalSlot"
            // A standby that cannot start leaves no slot behind to hold WAL on the primary.
            shouldThrow<EmbeddedPostgresException> { primary.startReplica { physicalSlot("standby_broken"); setting("shared_buffers", "not a size") } }
            connect(primary, props = arrayOf("user" to "postgres")).use {
                it.single("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'standby_broken'") shouldBe "0"
            }
            primary.startReplica { physicalSlot("standby_a"); syncFailoverSlots() }.use { replica ->
                eventually(primary, "SELECT active FROM pg_replication_slots WHERE slot_name = 'standby_a'", "t")
                connect(primary, props = arrayOf("user" to "postgres")).use { it.single("SHOW synchronized_standby_slots") shouldBe "standby_a" }
                connect(replica, props = arrayOf("user" to "postgres")).use { c ->
                    c.single("SHOW sync_replication_slots") shouldBe "on"
                    c.single("SHOW hot_standby_feedback") shouldBe "on"
                    c.single("SHOW primary_conninfo")!! shouldContain "dbname='postgres'"
                    // Not inherited: a promoted standby naming slots it lacks would hold its failover slots back.
                    c.single("SHOW synchronized_standby_slots") shouldBe ""
                }
            }
        }
    }
})

/** Polls [sql] on [pg] until it returns [expected], for at most ten seconds. */
private fun eventually(pg: EmbeddedPostgres, sql: String, expected: String) {
    val deadline = System.nanoTime() + 10_000_000_000L
    var last: String? = null
    while (System.nanoTime() < deadline) {
        last = connect(pg, props = arrayOf("user" to "postgres")).use { it.single(sql) }
        if (last == expected) return
        Thread.sleep(50)
    }
    last shouldBe expected
}
