package io.databridge.embedded

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
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
