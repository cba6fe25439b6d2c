package io.databridge.embedded

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files
import java.sql.DriverManager

class EmbeddedPostgresSpec : FunSpec({
    test("starts a server that answers a query, and close stops it and deletes its directory") {
        val pg = EmbeddedPostgres.start()
        val pid: Long
        val base = pg.dataDirectory.parent
        try {
            DriverManager.getConnection(pg.jdbcUrl()).use { c -> c.single("show server_version")!! shouldStartWith "18" }
            pg.majorVersion shouldBe 18
            pid = pg.postmasterPid()
            processAlive(pid).shouldBeTrue()
            Files.exists(pg.socketDirectory.resolve(".s.PGSQL.${pg.port}")).shouldBeTrue()
        } finally {
            pg.close()
        }
        processAlive(pid).shouldBeFalse()
        Files.exists(base).shouldBeFalse()
        pg.close() // idempotent
    }

    test("two clusters run at once on different ports and socket directories") {
        EmbeddedPostgres.start().use { a ->
            EmbeddedPostgres.start().use { b ->
                a.port shouldNotBe b.port
                a.socketDirectory shouldNotBe b.socketDirectory
                connect(a, props = arrayOf("user" to "postgres")).use { c -> c.run("CREATE TABLE only_in_a(x int)") }
                connect(b, props = arrayOf("user" to "postgres")).use { c ->
                    c.single("SELECT count(*) FROM pg_class WHERE relname = 'only_in_a'") shouldBe "0"
                }
            }
        }
    }

    test("settings, extra databases and the server log") {
        EmbeddedPostgres.start {
            setting("max_connections", "37")
            setting("databridge.note", "it's \\quoted")
            setting("log_statement", "all")
            database("app")
            user("owner", "owner-secret", AuthMethod.SCRAM_SHA_256)
            database("owned", owner = "owner")
        }.use { pg ->
            connect(pg, props = arrayOf("user" to "postgres")).use { c ->
                c.single("SHOW max_connections") shouldBe "37"
                c.single("SHOW databridge.note") shouldBe "it's \\quoted"
                c.single("SELECT 'marker-' || 42")
            }
            connect(pg, "app", "user" to "postgres").use { c -> c.single("SELECT current_database()") shouldBe "app" }
            connect(pg, "owned", "user" to "postgres").use { c ->
                c.single("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'owned'") shouldBe "owner"
            }
            pg.serverLog() shouldContain "marker-"
            pg.serverLogTail(1000) shouldContain "marker-"
            pg.serverLog() shouldNotContain "owner-secret" // CREATE ROLE is not logged even with log_statement = all
        }
    }

    test("a bad configuration fails with the server log tail, leaving nothing behind") {
        val before = Files.list(ClusterDirectory.parent).use { it.count() }
        val e = shouldThrow<EmbeddedPostgresException> { EmbeddedPostgres.start { setting("shared_buffers", "not-a-size") } }
        e.message shouldContain "shared_buffers"
        e.serverLogTail shouldContain "shared_buffers"
        Files.list(ClusterDirectory.parent).use { it.count() } shouldBe before
    }

    test("binaries from a missing jar are refused with a clear exception") {
        val e = shouldThrow<EmbeddedPostgresException> { PgBinaries.fromJar(Files.createTempDirectory("none").resolve("x.jar")) }
        e.message shouldContain "no PostgreSQL binaries jar"
    }

    test("builder rejects contradictions before starting anything") {
        shouldThrow<IllegalStateException> { EmbeddedPostgres.builder().user("c", null, AuthMethod.CERT).start() }
        shouldThrow<IllegalArgumentException> { EmbeddedPostgres.builder().user("m", null, AuthMethod.MD5) }
        shouldThrow<IllegalArgumentException> { EmbeddedPostgres.builder().setting("bad key", "1") }
    }
})
