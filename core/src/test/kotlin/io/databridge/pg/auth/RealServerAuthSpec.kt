package io.databridge.pg.auth

import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.errors.InvalidPasswordException
import io.databridge.pg.errors.MissingPasswordException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager

private const val SCRAM_PASSWORD = "pass\u00A0w\u00F6rd\u00AD" // exercises SASLprep: mapped space, soft hyphen

/** Authenticates against a real PostgreSQL with each password method, through a test-only raw socket. */
class RealServerAuthSpec : FunSpec({
    val pg = EmbeddedPostgres.start()
    afterSpec { pg.close() }

    fun session() = RawPgSession(pg.host, pg.port)

    // A failure here would skip afterSpec, so the cluster is stopped explicitly.
    try {
        DriverManager.getConnection(pg.jdbcUrl()).use { c ->
            c.createStatement().use { s ->
                s.execute("SET password_encryption = 'scram-sha-256'")
                s.execute("CREATE ROLE scram_user LOGIN PASSWORD '$SCRAM_PASSWORD'")
                s.execute("CREATE ROLE clear_user LOGIN PASSWORD 'clear secret'")
                s.execute("SET password_encryption = 'md5'")
                s.execute("CREATE ROLE md5_user LOGIN PASSWORD 'md5 secret'")
                val hbaFile = s.executeQuery("SHOW hba_file").use { it.next(); it.getString(1) }
                Files.writeString(
                    Path.of(hbaFile),
                    """
                    host all scram_user all scram-sha-256
                    host all md5_user all md5
                    host all clear_user all password
                    host all all all trust
                    local all all trust
                    """.trimIndent() + "\n",
                )
                s.execute("SELECT pg_reload_conf()")
            }
        }

        // The postmaster reloads pg_hba.conf asynchronously; wait until it asks scram_user for a password.
        val deadline = System.nanoTime() + 10_000_000_000
        while (session().use { it.authenticate("scram_user", SCRAM_PASSWORD); it.methods.first() } == "ok") {
            check(System.nanoTime() < deadline) { "pg_hba.conf was not reloaded" }
            Thread.sleep(50)
        }
    } catch (e: Throwable) {
        pg.close()
        throw e
    }

    test("SCRAM-SHA-256 with a password that needs SASLprep") {
        session().use {
            it.authenticate("scram_user", SCRAM_PASSWORD)
            it.methods shouldBe listOf("SCRAM-SHA-256", "ok")
            it.scram!!.isComplete.shouldBeTrue()
        }
        // The server prepared the stored password the same way: its SASLprep form is an equal password.
        session().use { it.authenticate("scram_user", "pass w\u00F6rd") }
    }

    test("SCRAM-SHA-256 with a wrong password is refused by the server as 28P01") {
        val e = shouldThrow<InvalidPasswordException> { session().use { it.authenticate("scram_user", "pass word") } }
        e.severityNonLocalized shouldBe "FATAL"
        e.primaryMessage shouldBe "password authentication failed for user \"scram_user\""
    }

    test("MD5") {
        session().use {
            it.authenticate("md5_user", "md5 secret")
            it.methods shouldBe listOf("md5", "ok")
        }
        shouldThrow<InvalidPasswordException> { session().use { it.authenticate("md5_user", "wrong") } }
    }

    test("cleartext") {
        session().use {
            it.authenticate("clear_user", "clear secret")
            it.methods shouldBe listOf("cleartext", "ok")
        }
    }

    test("no password when the server asks for one") {
        shouldThrow<MissingPasswordException> { session().use { it.authenticate("scram_user", null) } }
        shouldThrow<MissingPasswordException> { session().use { it.authenticate("md5_user", null) } }
    }
})
