package io.databridge.embedded

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class TestDatabasesSpec : FunSpec({
    val spec = this
    fun exists(name: String): Boolean = connect(SharedPostgres.server, props = arrayOf("user" to "postgres")).use {
        it.single("SELECT count(*) FROM pg_database WHERE datname = '$name'") == "1"
    }

    test("the Kotest extension drops its database after the spec") {
        val extension = PostgresDatabaseExtension("dropped")
        val db = extension.mount {}
        exists(db.database) shouldBe true
        extension.afterSpec(spec)
        exists(db.database) shouldBe false
    }

    test("DATABASE_URL is parsed like libpq's URIs") {
        val server = TestServer.parse("postgresql://app%40x:s%3Acret@db.example:6543/admin")
        server.host shouldBe "db.example"
        server.port shouldBe 6543
        server.user shouldBe "app@x"
        server.password shouldBe "s:cret"
        TestServer.parse("postgres://u@h/").port shouldBe 5432
        shouldThrow<EmbeddedPostgresException> { TestServer.parse("mysql://u@h/db") }.message shouldContain "postgresql://"
        shouldThrow<EmbeddedPostgresException> { TestServer.parse("postgresql://bad host") }.message shouldContain "not a URI"
    }

    test("databases are created on the server DATABASE_URL names, as its password user") {
        EmbeddedPostgres.start {
            user("creator", "creator-secret", AuthMethod.SCRAM_SHA_256)
            defaultAuth(AuthMethod.SCRAM_SHA_256)
        }.use { pg ->
            connect(pg, props = arrayOf("user" to "postgres")).use { it.run("ALTER ROLE creator CREATEDB") }
            val server = TestServer.parse("postgresql://creator:creator-secret@localhost:${pg.port}/postgres")
            val db = TestDatabases.createOn(server, "remote")
            connect(pg, db.database, "user" to "creator", "password" to "creator-secret").use {
                it.single("SELECT current_user") shouldBe "creator"
            }
            TestDatabases.dropOn(server, db)
            connect(pg, props = arrayOf("user" to "postgres")).use {
                it.single("SELECT count(*) FROM pg_database WHERE datname = '${db.database}'") shouldBe "0"
            }
        }
    }
})
