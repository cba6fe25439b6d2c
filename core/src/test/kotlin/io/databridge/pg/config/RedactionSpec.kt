package io.databridge.pg.config

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

class RedactionSpec : FunSpec({
    val secret = "Sup3rS3cret"

    test("toString and toUri show neither password nor sslpassword") {
        val c = parseClean("postgresql://u:$secret@h/db?sslpassword=${secret}2&application_name=app")
        c.toString() shouldNotContain secret
        c.toUri() shouldNotContain secret
        c.toString() shouldContain "password=***"
        c.toString() shouldContain "sslpassword=***"
        c.toString() shouldContain "application_name=app"
    }

    test("password lookups do not print the password") {
        val c = parseClean("password=$secret")
        c.passwordFor(c.hosts.first()).toString() shouldNotContain secret
        val home = tempdir().toPath()
        val file = home.resolve(".pgpass")
        Files.writeString(file, "*:*:*:*:$secret\n")
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"))
        val fromFile = ConnectionConfig.parse("user=u", emptyMap(), home)
        val lookup = fromFile.passwordFor(fromFile.hosts.first())
        lookup.password shouldBe secret
        lookup.toString() shouldNotContain secret
    }

    test("errors about other settings never show the password") {
        val attempts = listOf(
            "postgresql://u:$secret@h:99999/db",
            "postgresql://u:$secret@h/db?sslmode=bogus",
            "postgresql://u:$secret@h/db?nope=1",
            "password=$secret port=x",
            "password='$secret' sslmode=wrong",
            "postgresql://u:$secret%@h/db",
            "sslpassword=$secret sslmode=nope",
            "password=$secret pool_min_size=9 pool_max_size=1",
        )
        for (text in attempts) {
            val e = shouldThrow<InvalidConfigException> { parseClean(text) }
            e.message!! shouldNotContain secret
            e.toString() shouldNotContain secret
        }
    }

    test("an environment password stays hidden too") {
        val c = ConnectionConfig.fromEnvironment(mapOf("PGPASSWORD" to secret, "PGUSER" to "u"), EMPTY_HOME)
        c.password shouldBe secret
        c.toString() shouldNotContain secret
    }

    test("toUri parses back to the same configuration, without the secrets") {
        val original = parseClean(
            "postgresql://us%20er:$secret@[::1]:5433,%2Ftmp:5434,db.example/my%2Fdb" +
                "?application_name=a%26b&options=-c%20x%3Dy&sslmode=require&search_path=%22S%22,public" +
                "&pool_idle_timeout=90s",
        )
        val reparsed = parseClean(original.toUri())
        reparsed.hosts shouldBe original.hosts
        reparsed.user shouldBe "us er"
        reparsed.database shouldBe "my/db"
        reparsed.applicationName shouldBe "a&b"
        reparsed.options shouldBe "-c x=y"
        reparsed.searchPath shouldBe "\"S\",public"
        reparsed.sslMode shouldBe SslMode.REQUIRE
        reparsed.poolIdleTimeout shouldBe original.poolIdleTimeout
        reparsed.password shouldBe null
        reparsed.toUri() shouldBe original.toUri()
    }

    test("hostaddr survives toUri") {
        val original = parseClean("host=a,b hostaddr=192.0.2.1,")
        parseClean(original.toUri()).hosts shouldBe original.hosts
    }
})
