package io.databridge.embedded.pgbouncer

import io.databridge.embedded.AuthMethod
import io.databridge.embedded.EmbeddedPostgres
import io.databridge.embedded.SharedPostgres
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import java.nio.file.Path
import java.sql.Connection
import java.sql.DriverManager
import java.sql.SQLException

private fun Connection.single(sql: String): String =
    createStatement().use { st -> st.executeQuery(sql).use { rs -> check(rs.next()) { "no row for $sql" }; rs.getString(1) } }

/** pgjdbc through [bouncer]; the application name tags the server connections it leads to. */
private fun connect(bouncer: PgBouncer): Connection =
    DriverManager.getConnection(bouncer.jdbcUrl() + "&ApplicationName=" + applicationName(bouncer))

private fun applicationName(bouncer: PgBouncer) = "pgbouncer-spec-${bouncer.port}"

/** The server connections [bouncer] holds, seen from the server. */
private fun serverConnections(pg: EmbeddedPostgres, bouncer: PgBouncer): Int = DriverManager.getConnection(pg.jdbcUrl()).use {
    it.single("SELECT count(*) FROM pg_stat_activity WHERE application_name = '${applicationName(bouncer)}'").toInt()
}

class PgBouncerSpec : FunSpec({
    val pg = SharedPostgres.server

    test("a query works through transaction pooling with prepareThreshold=0, also over the Unix socket") {
        PgBouncer.start(pg).use { bouncer ->
            bouncer.poolMode shouldBe PoolMode.TRANSACTION
            connect(bouncer).use { c ->
                c.prepareStatement("SELECT ?::int * 2").use { ps ->
                    for (i in 1..5) {
                        ps.setInt(1, i)
                        ps.executeQuery().use { rs -> rs.next(); rs.getInt(1) shouldBe i * 2 }
                    }
                }
                c.single("SELECT current_setting('port')") shouldBe pg.port.toString()
            }
            Files.exists(bouncer.socketDirectory.resolve(".s.PGSQL.${bouncer.port}")).shouldBeTrue()
        }
    }

    test("with pool size 1, two clients share one server connection") {
        PgBouncer.start(pg) { poolSize(1) }.use { bouncer ->
            connect(bouncer).use { first ->
                connect(bouncer).use { second ->
                    val pid = first.single("SELECT pg_backend_pid()")
                    second.single("SELECT pg_backend_pid()") shouldBe pid
                    first.single("SELECT pg_backend_pid()") shouldBe pid
                    serverConnections(pg, bouncer) shouldBe 1
                }
            }
        }
    }

    test("session and statement pooling are configurable") {
        PgBouncer.start(pg) { poolMode(PoolMode.SESSION); poolSize(2) }.use { bouncer ->
            connect(bouncer).use { first ->
                connect(bouncer).use { second ->
                    // Each session keeps its own server connection, where transaction pooling would reuse the idle one.
                    first.single("SELECT pg_backend_pid()") shouldNotBe second.single("SELECT pg_backend_pid()")
                    serverConnections(pg, bouncer) shouldBe 2
                }
            }
        }
        PgBouncer.start(pg) { poolMode(PoolMode.STATEMENT) }.use { bouncer ->
            connect(bouncer).use { c ->
                c.single("SELECT 1") shouldBe "1"
                c.autoCommit = false
                // Statement pooling refuses transactions that span statements.
                val e = shouldThrow<SQLException> { c.single("SELECT 1"); c.single("SELECT 2") }
                e.message shouldContain "transaction blocks not allowed in statement pooling mode"
            }
        }
    }

    test("scram auth with a generated auth file admits the right password only, and keeps it out of the log") {
        PgBouncer.start(pg) { auth(AuthMethod.SCRAM_SHA_256); user(pg.superuser, "bouncer-s3cret") }.use { bouncer ->
            DriverManager.getConnection(bouncer.jdbcUrl() + "&password=bouncer-s3cret").use { it.single("SELECT current_user") shouldBe pg.superuser }
            val e = shouldThrow<SQLException> { DriverManager.getConnection(bouncer.jdbcUrl() + "&password=wrong").close() }
            e.message shouldContain "authentication failed"
            bouncer.log() shouldNotContain "bouncer-s3cret"
            bouncer.toString() shouldNotContain bouncer.adminPassword
        }
    }

    test("as root it runs as the unprivileged OS user").config(enabled = System.getProperty("user.name") == "root") {
        PgBouncer.start(pg).use { bouncer ->
            ProcessHandle.of(bouncer.pid).get().info().user().get() shouldBe "databridge-pgb"
        }
    }

    test("close stops the process and deletes the directory, and may be repeated") {
        val bouncer = PgBouncer.start(pg)
        val pid = bouncer.pid
        val dir: Path = bouncer.socketDirectory.parent
        ProcessHandle.of(pid).isPresent.shouldBeTrue()
        bouncer.close()
        ProcessHandle.of(pid).map { it.isAlive }.orElse(false).shouldBeFalse()
        Files.exists(dir).shouldBeFalse()
        bouncer.close()
    }

    test("a missing binary is named in a typed exception") {
        val e = shouldThrow<PgBouncerNotInstalledException> { PgBouncer.start(pg) { binary(Path.of("/nonexistent/pgbouncer")) } }
        e.binary shouldBe "/nonexistent/pgbouncer"
        e.message shouldContain "the /nonexistent/pgbouncer executable is missing"
    }

    test("a configuration PgBouncer rejects fails the start with its log, leaving nothing behind") {
        val parent = Path.of(System.getProperty("java.io.tmpdir"), "databridge-pgbouncer-" + System.getProperty("user.name"))
        val before = Files.list(parent).use { it.toList() }.toSet()
        val e = shouldThrow<PgBouncerException> { PgBouncer.start(pg) { setting("pool_mode", "sometimes") } }
        e.message shouldContain "PgBouncer exited with"
        e.logTail shouldContain "sometimes"
        Files.list(parent).use { it.toList() }.toSet() shouldBe before
    }

    test("bad builder input is refused with the reason") {
        val builder = PgBouncer.builder(pg)
        shouldThrow<IllegalArgumentException> { builder.poolSize(0) }.message shouldBe "the pool size must be in 1..10000, not 0"
        shouldThrow<IllegalArgumentException> { builder.auth(AuthMethod.CERT) }.message shouldContain "not CERT"
        shouldThrow<IllegalArgumentException> { builder.setting("bad key", "x") }.message shouldBe "not a PgBouncer setting name: bad key"
        shouldThrow<IllegalArgumentException> { builder.setting("pool_mode", "a\nb") }.message shouldBe "a setting value cannot hold line breaks"
        shouldThrow<IllegalArgumentException> { builder.user("x\"y", "p") }.message shouldContain "quotes"
    }
})
