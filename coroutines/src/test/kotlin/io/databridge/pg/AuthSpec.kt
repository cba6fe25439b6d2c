package io.databridge.pg

import io.databridge.embedded.AuthMethod
import io.databridge.embedded.EmbeddedPostgres
import io.databridge.pg.errors.AuthenticationException
import io.databridge.pg.errors.ChannelBindingException
import io.databridge.pg.errors.InvalidAuthorizationException
import io.databridge.pg.errors.InvalidPasswordException
import io.databridge.pg.errors.MissingPasswordException
import io.databridge.pg.errors.TlsException
import io.databridge.pg.transport.TestCertificates
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain

/**
 * Authentication × TLS against a real server: an embedded cluster with TLS (its own CA and server certificate)
 * and roles with md5, SCRAM, cleartext and certificate authentication.
 */
class AuthSpec : FunSpec({
    val pg = EmbeddedPostgres.start {
        tls()
        user("md5user", "md5-secret", AuthMethod.MD5)
        user("scramuser", "scram-secret", AuthMethod.SCRAM_SHA_256)
        user("pwuser", "clear-secret", AuthMethod.PASSWORD)
        user("alice", null, AuthMethod.CERT)
    }
    val caFile = pg.tls!!.caFile
    val alice = pg.tls!!.issueClientCertificate("alice")
    val otherPki = TestCertificates()
    val socketDir = pg.socketDirectory.toString()

    afterSpec {
        pg.close()
        otherPki.delete()
    }

    fun url(user: String, password: String? = null, host: String = "localhost", settings: String = "") =
        "postgresql://$user${password?.let { ":$it" } ?: ""}@$host:${pg.port}/postgres?$settings"

    suspend fun check(url: String, tls: Boolean, method: String, user: String) {
        PgConnection.connect(url).use { c ->
            withClue(url.replace(Regex(":[^:@/]+@"), ":***@")) {
                c.isTls shouldBe tls
                c.authenticationMethod shouldBe method
                c.query("SELECT current_user::text").rows.single().getString(0) shouldBe user
                c.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").rows.single().getBoolean(0) shouldBe tls
            }
        }
    }

    test("trust, md5, cleartext and SCRAM over plain TCP") {
        check(url("postgres", settings = "sslmode=disable"), tls = false, method = "trust", user = "postgres")
        check(url("md5user", "md5-secret", settings = "sslmode=disable"), tls = false, method = "md5", user = "md5user")
        check(url("pwuser", "clear-secret", settings = "sslmode=disable"), tls = false, method = "password", user = "pwuser")
        check(url("scramuser", "scram-secret", settings = "sslmode=disable"), tls = false, method = "SCRAM-SHA-256", user = "scramuser")
    }

    test("trust, md5 and SCRAM over TLS; SCRAM-SHA-256-PLUS binds to the certificate unless disabled") {
        check(url("postgres", settings = "sslmode=require"), tls = true, method = "trust", user = "postgres")
        check(url("md5user", "md5-secret", settings = "sslmode=require"), tls = true, method = "md5", user = "md5user")
        check(url("scramuser", "scram-secret", settings = "sslmode=require&channel_binding=disable"), tls = true, method = "SCRAM-SHA-256", user = "scramuser")
        check(url("scramuser", "scram-secret", settings = "sslmode=prefer"), tls = true, method = "SCRAM-SHA-256-PLUS", user = "scramuser")
        check(url("scramuser", "scram-secret", settings = "sslmode=require&channel_binding=require"), tls = true, method = "SCRAM-SHA-256-PLUS", user = "scramuser")
    }

    test("channel_binding=require refuses a plain connection and a method without binding") {
        shouldThrow<ChannelBindingException> {
            PgConnection.connect("postgresql://postgres@/postgres?host=$socketDir&port=${pg.port}&channel_binding=require")
        }
        shouldThrow<ChannelBindingException> {
            PgConnection.connect(url("md5user", "md5-secret", settings = "sslmode=require&channel_binding=require"))
        }
    }

    test("a wrong or missing password is a typed error that does not echo the password") {
        val wrong = shouldThrow<InvalidPasswordException> { PgConnection.connect(url("scramuser", "not-it", settings = "sslmode=disable")) }
        wrong.message!! shouldNotContain "not-it"
        shouldThrow<InvalidPasswordException> { PgConnection.connect(url("md5user", "not-it", settings = "sslmode=require")) }
        shouldThrow<MissingPasswordException> {
            PgConnection.connect(url("scramuser", settings = "sslmode=disable&passfile=/nonexistent"))
        }
    }

    test("verify-full accepts the right host name and refuses a wrong one") {
        val root = "sslrootcert=$caFile"
        check(url("postgres", settings = "sslmode=verify-full&$root"), tls = true, method = "trust", user = "postgres")
        // hostaddr reaches the server while verify-full checks the certificate against a name it does not carry.
        shouldThrow<TlsException> {
            PgConnection.connect(url("postgres", host = WRONG_NAME, settings = "hostaddr=127.0.0.1&sslmode=verify-full&$root"))
        }
    }

    test("verify-ca checks the chain but not the name") {
        check(url("postgres", host = WRONG_NAME, settings = "hostaddr=127.0.0.1&sslmode=verify-ca&sslrootcert=$caFile"), tls = true, method = "trust", user = "postgres")
        shouldThrow<TlsException> {
            PgConnection.connect(url("postgres", settings = "sslmode=verify-ca&sslrootcert=${otherPki.caPem}"))
        }
    }

    test("client certificate authentication") {
        check(
            url("alice", settings = "sslmode=verify-full&sslrootcert=$caFile&sslcert=${alice.certFile}&sslkey=${alice.keyFile}"),
            tls = true, method = "trust", user = "alice",
        )
        shouldThrow<InvalidAuthorizationException> { PgConnection.connect(url("alice", settings = "sslmode=require")) }
    }

    test("Unix-domain socket connection") {
        PgConnection.connect("postgresql://postgres@/postgres?host=$socketDir&port=${pg.port}").use { c ->
            c.isTls shouldBe false
            c.query("SELECT inet_client_addr() IS NULL").rows.single().getBoolean(0) shouldBe true
        }
    }

    test("both transports authenticate with SCRAM-SHA-256-PLUS over TLS and query") {
        for (kind in TransportKind.entries) {
            PgConnection.connect(url("scramuser", "scram-secret", settings = "sslmode=require"), ConnectOptions(transport = kind)).use { c ->
                c.authenticationMethod shouldBe "SCRAM-SHA-256-PLUS"
                c.query("SELECT $1::text", kind.name).rows.single().getString(0) shouldBe kind.name
            }
        }
    }

    test("sslnegotiation=direct starts TLS without SSLRequest on PostgreSQL 17+") {
        PgConnection.connect(url("postgres", settings = "sslmode=disable")).use { c ->
            if (c.serverVersion.major < 17) return@test
        }
        check(url("scramuser", "scram-secret", settings = "sslmode=require&sslnegotiation=direct"), tls = true, method = "SCRAM-SHA-256-PLUS", user = "scramuser")
    }

    test("the first working host of a list is used, and target_session_attrs=read-write is checked") {
        val hosts = "postgresql://postgres@localhost:1,localhost:${pg.port}/postgres?sslmode=disable&target_session_attrs=read-write"
        PgConnection.connect(hosts).use { c -> c.query("SELECT 1").rows.single().getInt(0) shouldBe 1 }
        shouldThrow<TargetSessionMismatchException> {
            PgConnection.connect("postgresql://postgres@localhost:${pg.port}/postgres?sslmode=disable&target_session_attrs=standby")
        }
    }

    test("require_auth refuses a method it does not list") {
        shouldThrow<AuthenticationException> {
            PgConnection.connect(url("md5user", "md5-secret", settings = "sslmode=disable&require_auth=scram-sha-256"))
        }
        check(url("scramuser", "scram-secret", settings = "sslmode=disable&require_auth=scram-sha-256"), tls = false, method = "SCRAM-SHA-256", user = "scramuser")
    }
})

/** A host name the embedded server certificate does not carry. */
private const val WRONG_NAME = "not-the-server.invalid"
