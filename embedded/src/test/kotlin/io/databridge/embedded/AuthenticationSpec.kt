package io.databridge.embedded

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions
import java.sql.SQLException

class AuthenticationSpec : FunSpec({
    val pg = EmbeddedPostgres.builder()
        .tls()
        .user("alice", "alice-secret", AuthMethod.SCRAM_SHA_256, tlsOnly = true)
        .user("bob", "bob-secret", AuthMethod.MD5)
        .user("carol", null, AuthMethod.CERT)
        .user("dave", "dave-secret", AuthMethod.PASSWORD)
        .start()
    afterSpec { pg.close() }
    val tls = checkNotNull(pg.tls)

    fun sqlState(block: () -> Unit): String = shouldThrow<SQLException> { block() }.sqlState

    test("a scram user connects with sslmode=verify-full against the generated CA") {
        connect(
            pg, "postgres", "user" to "alice", "password" to "alice-secret",
            "sslmode" to "verify-full", "sslrootcert" to tls.caFile.toString(),
        ).use { c ->
            c.single("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") shouldBe "t"
            c.single("SELECT current_user") shouldBe "alice"
        }
    }

    test("the TLS-only user is refused without TLS") {
        sqlState { connect(pg, "postgres", "user" to "alice", "password" to "alice-secret", "sslmode" to "disable").close() } shouldBe "28000"
    }

    test("an md5 user gets an md5 hash and authenticates") {
        connect(pg, "postgres", "user" to "bob", "password" to "bob-secret", "sslmode" to "disable").use { c ->
            c.single("SELECT current_user") shouldBe "bob"
        }
        connect(pg, "postgres", "user" to "postgres").use { c ->
            c.single("SELECT rolpassword FROM pg_authid WHERE rolname = 'bob'")!! shouldStartWith "md5"
            c.single("SELECT rolpassword FROM pg_authid WHERE rolname = 'dave'")!! shouldStartWith "SCRAM-SHA-256$"
        }
    }

    test("a wrong password is refused") {
        sqlState { connect(pg, "postgres", "user" to "bob", "password" to "wrong", "sslmode" to "disable").close() } shouldBe "28P01"
        sqlState { connect(pg, "postgres", "user" to "dave", "password" to "wrong", "sslmode" to "disable").close() } shouldBe "28P01"
    }

    test("a cleartext-password user authenticates") {
        connect(pg, "postgres", "user" to "dave", "password" to "dave-secret", "sslmode" to "disable").use { c ->
            c.single("SELECT current_user") shouldBe "dave"
        }
    }

    test("a client certificate authenticates a cert user, and without one the user is refused") {
        val cert = tls.issueClientCertificate("carol")
        PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.keyFile)) shouldBe "rw-------"
        connect(
            pg, "postgres", "user" to "carol", "sslmode" to "verify-full", "sslrootcert" to tls.caFile.toString(),
            "sslcert" to cert.certFile.toString(), "sslkey" to cert.keyDerFile.toString(),
        ).use { c ->
            c.single("SELECT current_user") shouldBe "carol"
            c.single("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()") shouldBe "/CN=carol"
        }
        sqlState { connect(pg, "postgres", "user" to "carol", "sslmode" to "require", "sslrootcert" to tls.caFile.toString()).close() } shouldBe "28000"
    }

    test("the server key is private and secrets stay out of toString") {
        PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.serverKeyFile)) shouldBe "rw-------"
        pg.users.joinToString().shouldNotContain("secret")
        PostgresUser("x", "hunter2", AuthMethod.SCRAM_SHA_256).toString() shouldNotContain "hunter2"
        TestDatabase("h", 1, "d", "u", "hunter2").toString() shouldNotContain "hunter2"
    }
})
