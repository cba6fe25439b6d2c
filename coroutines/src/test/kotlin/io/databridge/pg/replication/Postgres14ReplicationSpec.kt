package io.databridge.pg.replication

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.PgBinaries
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import java.math.BigDecimal
import java.nio.file.Paths
import kotlin.time.Duration.Companion.seconds

/** pgoutput protocol versions 1 and 2 (streaming) on PostgreSQL 14, from the binaries jar the build copies. */
class Postgres14ReplicationSpec : FunSpec({
    val jar = Paths.get(System.getProperty("databridge.test.pg14Jar") ?: error("run through Maven: the PostgreSQL 14 jar path is set by the build"))
    val pg = EmbeddedPostgres.start {
        binaries(PgBinaries.fromJar(jar))
        setting("wal_level", "logical")
        setting("max_replication_slots", "10")
        setting("max_wal_senders", "10")
        setting("logical_decoding_work_mem", "64kB")
    }
    afterSpec { pg.close() }
    val sql = runBlocking {
        PgConnection.connect(pg.url()).also {
            it.simpleQuery("CREATE TABLE p14 (id int PRIMARY KEY, n numeric, big text); CREATE PUBLICATION p14_pub FOR TABLE p14")
        }
    }
    afterSpec { sql.close() }

    for (version in 1..2) {
        test("protocol $version on PostgreSQL 14: changes decode, a large transaction arrives whole (streamed only with version 2)") {
            ReplicationConnection.connect(pg.url()).use { rc ->
                rc.serverMajor shouldBe 14
                rc.createSlot("p14_v$version")
            }
            val base = version * 100_000
            sql.execute("INSERT INTO p14 VALUES ($1, 1.25, (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 4000) g))", base)
            sql.execute("UPDATE p14 SET n = 2 WHERE id = $1", base)
            sql.simpleQuery("INSERT INTO p14 SELECT g, g, repeat('x', 100) FROM generate_series(${base + 1}, ${base + 3000}) g")
            val txs = ReplicationConnection.connect(pg.url()).use { rc ->
                rc.startCommand("p14_v$version", listOf("p14_pub"), ReplicationOptions(protocolVersion = version)) shouldContain "proto_version '$version'"
                withTimeout(60.seconds) {
                    rc.stream("p14_v$version", listOf("p14_pub"), ReplicationOptions(protocolVersion = version, streaming = true)).take(3).toList().map {
                        it.ack()
                        it.event.shouldBeInstanceOf<ChangeTransaction>()
                    }
                }
            }
            txs[0].changes.single().shouldBeInstanceOf<RowInserted>().newRow["n"] shouldBe BigDecimal("1.25")
            val update = txs[1].changes.single().shouldBeInstanceOf<RowUpdated>().newRow
            update["n"] shouldBe BigDecimal("2")
            update.isUnchangedToast("big") shouldBe true
            txs[2].changes.size shouldBe 3000
            txs[2].streamed shouldBe (version == 2)
        }
    }

    test("two-phase (protocol 3) and failover slots (PostgreSQL 17) asked of PostgreSQL 14 are typed errors") {
        ReplicationConnection.connect(pg.url()).use { rc ->
            shouldThrow<ReplicationUnsupportedException> { rc.createSlot("p14_2pc", twoPhase = true) }.message shouldContain "PostgreSQL 15"
            shouldThrow<ReplicationUnsupportedException> { rc.createSlot("p14_failover", failover = true) }.message shouldContain "failover slots need PostgreSQL 17"
            shouldThrow<ReplicationUnsupportedException> { rc.stream("p14_v1", listOf("p14_pub"), ReplicationOptions(twoPhase = true)) }
                .message shouldContain "protocol 3"
        }
    }
})
