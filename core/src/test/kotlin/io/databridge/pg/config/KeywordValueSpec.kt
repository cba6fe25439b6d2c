package io.databridge.pg.config

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration

class KeywordValueSpec : FunSpec({
    test("libpq's documentation example") {
        val c = parseClean("host=localhost port=5432 dbname=mydb connect_timeout=10")
        c.hosts shouldContainExactly listOf(HostSpec.Tcp("localhost", 5432))
        c.database shouldBe "mydb"
        c.connectTimeout shouldBe Duration.ofSeconds(10)
    }

    test("spaces around '=' and between pairs are allowed") {
        val c = parseClean("  host = h1   user=alice\tdbname =  d  ")
        c.hosts shouldContainExactly listOf(HostSpec.Tcp("h1", 5432))
        c.user shouldBe "alice"
        c.database shouldBe "d"
    }

    test("quoted values keep spaces and unescape \\' and \\\\") {
        val c = parseClean("""options='-c geqo=off' password='it\'s a \\ secret' application_name='' user=u""")
        c.options shouldBe "-c geqo=off"
        c.password shouldBe """it's a \ secret"""
        c.applicationName shouldBe null
    }

    test("an unquoted value may escape a space with a backslash") {
        parseClean("""application_name=my\ app""").applicationName shouldBe "my app"
    }

    test("host lists with ports") {
        parseClean("host=a,b,/tmp port=1,2,3").hosts shouldContainExactly listOf(
            HostSpec.Tcp("a", 1), HostSpec.Tcp("b", 2), HostSpec.UnixSocket("/tmp", 3),
        )
    }

    test("one port applies to every host") {
        parseClean("host=a,b port=7000").hosts shouldContainExactly listOf(HostSpec.Tcp("a", 7000), HostSpec.Tcp("b", 7000))
    }

    test("hostaddr alone gives the hosts") {
        parseClean("hostaddr=127.0.0.1,::1 port=5,6").hosts shouldContainExactly listOf(
            HostSpec.Tcp("127.0.0.1", 5, "127.0.0.1"), HostSpec.Tcp("::1", 6, "::1"),
        )
    }

    test("hostaddr for a socket host connects over TCP to the address") {
        parseClean("host=/tmp hostaddr=10.0.0.1").hosts shouldContainExactly listOf(HostSpec.Tcp("/tmp", 5432, "10.0.0.1"))
    }

    test("an empty string gives the defaults") {
        parseClean("").hosts shouldContainExactly listOf(HostSpec.Tcp("localhost", 5432))
    }

    context("malformed strings name the key") {
        test("missing '='") {
            shouldRejectKey("host=h dbname", "dbname").message shouldContain "missing \"=\""
        }
        test("unterminated quote") {
            shouldRejectKey("application_name='abc", "application_name").message shouldContain "unterminated"
        }
        test("unknown key") {
            shouldRejectKey("host=h colour=blue", "colour")
        }
        test("hostaddr must be numeric") {
            shouldRejectKey("hostaddr=db.example", "hostaddr").message shouldContain "db.example"
            shouldRejectKey("hostaddr=256.1.1.1", "hostaddr")
            shouldRejectKey("hostaddr=1:2:3", "hostaddr")
        }
        test("abstract sockets are refused") {
            shouldRejectKey("host=@abstract", "host")
        }
        test("port list longer than the host list") {
            shouldRejectKey("host=a port=1,2", "port")
        }
        test("a bad port inside a list") {
            shouldRejectKey("host=a,b port=1,x", "port").message shouldContain "x"
        }
    }
})
