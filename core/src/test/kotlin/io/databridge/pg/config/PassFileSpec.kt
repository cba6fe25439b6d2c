package io.databridge.pg.config

import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

class PassFileSpec : FunSpec({
    fun home(content: String, permissions: String = "rw-------"): Path {
        val dir = tempdir().toPath()
        val file = dir.resolve(".pgpass")
        Files.writeString(file, content)
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions))
        return dir
    }

    fun lookup(home: Path, connection: String, env: Map<String, String> = emptyMap()): PasswordLookup {
        val c = ConnectionConfig.parse(connection, env, home)
        return c.passwordFor(c.hosts.first())
    }

    test("the first matching line wins") {
        val h = home("db1:5432:app:alice:first\ndb1:5432:app:alice:second\n")
        val found = lookup(h, "host=db1 dbname=app user=alice")
        found.shouldBeInstanceOf<PasswordLookup.FromPassFile>()
        found.password shouldBe "first"
        found.file shouldBe h.resolve(".pgpass")
    }

    test("every field must match: host, port, database, user") {
        val h = home("db1:5432:app:alice:pw\n")
        lookup(h, "host=db2 dbname=app user=alice").password shouldBe null
        lookup(h, "host=db1 port=5433 dbname=app user=alice").password shouldBe null
        lookup(h, "host=db1 dbname=other user=alice").password shouldBe null
        lookup(h, "host=db1 dbname=app user=bob").password shouldBe null
        lookup(h, "host=db1 dbname=app user=alice").password shouldBe "pw"
    }

    test("'*' matches any value in a field") {
        val h = home("*:*:*:alice:star\n*:6000:*:*:anyone\n")
        lookup(h, "host=x port=1 dbname=y user=alice").password shouldBe "star"
        lookup(h, "host=x port=6000 dbname=y user=bob").password shouldBe "anyone"
    }

    test("a field '*x' is not a wildcard") {
        val h = home("*x:*:*:*:p\n")
        lookup(h, "host=x user=u").password shouldBe null
        lookup(h, "host=*x user=u").password shouldBe "p"
    }

    test("\\: and \\\\ escape in the fields and the password; an unescaped ':' ends the password") {
        val h = home("""host\:a:5432:db\\x:u:pa\:ss\\word:ignored""" + "\n")
        val c = ConnectionConfig.builder(emptyMap(), h).host("host:a").database("""db\x""").user("u").build()
        c.passwordFor(c.hosts.first()).password shouldBe """pa:ss\word"""
    }

    test("comment lines and CRLF line ends") {
        val h = home("# db1:5432:app:alice:commented\r\ndb1:5432:app:alice:real\r\n")
        lookup(h, "host=db1 dbname=app user=alice").password shouldBe "real"
    }

    test("the default database (the user name) and port are what is matched") {
        val h = home("localhost:5432:alice:alice:defaults\n")
        lookup(h, "user=alice").password shouldBe "defaults"
    }

    test("a Unix socket in the default directory matches 'localhost'; another directory matches its path") {
        val h = home("localhost:5432:*:*:local\n/srv/sock:5432:*:*:bypath\n")
        lookup(h, "host=/var/run/postgresql user=u").password shouldBe "local"
        lookup(h, "host=/tmp user=u").password shouldBe "local"
        lookup(h, "host=/srv/sock user=u").password shouldBe "bypath"
    }

    test("each host of a list gets its own line") {
        val h = home("a:5432:*:*:pa\nb:5433:*:*:pb\n")
        val c = ConnectionConfig.parse("host=a,b port=5432,5433 user=u", emptyMap(), h)
        c.hosts.map { c.passwordFor(it).password } shouldBe listOf("pa", "pb")
    }

    test("hostaddr is matched when host is not given") {
        val h = home("192.0.2.5:5432:*:*:byaddr\n")
        lookup(h, "hostaddr=192.0.2.5 user=u").password shouldBe "byaddr"
    }

    test("an explicit password beats the file, and so does PGPASSWORD") {
        val h = home("*:*:*:*:fromfile\n")
        lookup(h, "user=u password=explicit").shouldBeInstanceOf<PasswordLookup.Given>().password shouldBe "explicit"
        lookup(h, "user=u", mapOf("PGPASSWORD" to "fromenv")).password shouldBe "fromenv"
        lookup(h, "user=u").password shouldBe "fromfile"
    }

    test("an empty password setting falls through to the file, as in libpq") {
        val h = home("*:*:*:*:fromfile\n")
        lookup(h, "user=u password=''").password shouldBe "fromfile"
    }

    test("a group- or world-accessible file is ignored with a reason") {
        for (perms in listOf("rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-")) {
            val h = home("*:*:*:*:leaky\n", perms)
            val result = lookup(h, "user=u")
            result.shouldBeInstanceOf<PasswordLookup.Missing>()
            result.reason!! shouldContain "group or world access"
            result.toString() shouldContain "0600"
        }
    }

    test("a 0400 file is fine") {
        lookup(home("*:*:*:*:ro\n", "r--------"), "user=u").password shouldBe "ro"
    }

    test("PGPASSFILE and passfile choose the file") {
        val h = home("*:*:*:*:home\n")
        val other = tempdir().toPath().resolve("other.pass")
        Files.writeString(other, "*:*:*:*:other\n")
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"))
        lookup(h, "user=u", mapOf("PGPASSFILE" to other.toString())).password shouldBe "other"
        lookup(h, "user=u passfile=$other").password shouldBe "other"
    }

    test("a missing file or a directory gives no password") {
        val dir = tempdir().toPath()
        lookup(dir, "user=u").shouldBeInstanceOf<PasswordLookup.Missing>().reason shouldBe null
        val notFile = lookup(dir, "user=u passfile=$dir")
        notFile.shouldBeInstanceOf<PasswordLookup.Missing>().reason!! shouldContain "not a plain file"
    }

    test("a truncated line never matches") {
        lookup(home("db1:5432:app\n"), "host=db1 dbname=app user=app").password shouldBe null
    }
})
