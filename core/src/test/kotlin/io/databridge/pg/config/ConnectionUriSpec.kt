package io.databridge.pg.config

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.time.Duration

class ConnectionUriSpec : FunSpec({
    val osUser = System.getProperty("user.name")

    context("the URI examples of libpq's documentation") {
        test("postgresql:// alone gives the defaults") {
            val c = parseClean("postgresql://")
            c.hosts shouldContainExactly listOf(HostSpec.Tcp("localhost", 5432))
            c.user shouldBe osUser
            c.database shouldBe osUser
        }
        test("postgresql://localhost") {
            parseClean("postgresql://localhost").hosts shouldContainExactly listOf(HostSpec.Tcp("localhost", 5432))
        }
        test("postgresql://localhost:5433") {
            parseClean("postgresql://localhost:5433").hosts shouldContainExactly listOf(HostSpec.Tcp("localhost", 5433))
        }
        test("postgresql://localhost/mydb") {
            parseClean("postgresql://localhost/mydb").database shouldBe "mydb"
        }
        test("postgresql://user@localhost") {
            val c = parseClean("postgresql://user@localhost")
            c.user shouldBe "user"
            c.database shouldBe "user"
            c.password shouldBe null
        }
        test("postgresql://user:secret@localhost") {
            val c = parseClean("postgresql://user:secret@localhost")
            c.user shouldBe "user"
            c.password shouldBe "secret"
        }
        test("postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp") {
            val c = parseClean("postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp")
            c.user shouldBe "other"
            c.database shouldBe "otherdb"
            c.connectTimeout shouldBe Duration.ofSeconds(10)
            c.applicationName shouldBe "myapp"
        }
        test("postgresql://host1:123,host2:456/somedb?target_session_attrs=any&application_name=myapp") {
            val c = parseClean("postgresql://host1:123,host2:456/somedb?target_session_attrs=any&application_name=myapp")
            c.hosts shouldContainExactly listOf(HostSpec.Tcp("host1", 123), HostSpec.Tcp("host2", 456))
            c.database shouldBe "somedb"
            c.targetSessionAttrs shouldBe TargetSessionAttrs.ANY
            c.applicationName shouldBe "myapp"
        }
        test("postgresql:///mydb?host=localhost&port=5433") {
            val c = parseClean("postgresql:///mydb?host=localhost&port=5433")
            c.hosts shouldContainExactly listOf(HostSpec.Tcp("localhost", 5433))
            c.database shouldBe "mydb"
        }
        test("postgresql://[2001:db8::1234]/database") {
            val c = parseClean("postgresql://[2001:db8::1234]/database")
            c.hosts shouldContainExactly listOf(HostSpec.Tcp("2001:db8::1234", 5432))
            c.database shouldBe "database"
        }
        test("postgresql://[::1]:5433") {
            parseClean("postgresql://[::1]:5433").hosts shouldContainExactly listOf(HostSpec.Tcp("::1", 5433))
        }
        test("postgresql:///dbname?host=/var/lib/postgresql") {
            val c = parseClean("postgresql:///dbname?host=/var/lib/postgresql")
            c.hosts shouldContainExactly listOf(HostSpec.UnixSocket("/var/lib/postgresql", 5432))
            (c.hosts[0] as HostSpec.UnixSocket).path shouldBe "/var/lib/postgresql/.s.PGSQL.5432"
        }
        test("postgresql://%2Fvar%2Flib%2Fpostgresql/dbname") {
            val c = parseClean("postgresql://%2Fvar%2Flib%2Fpostgresql/dbname")
            c.hosts shouldContainExactly listOf(HostSpec.UnixSocket("/var/lib/postgresql", 5432))
            c.database shouldBe "dbname"
        }
        test("postgresql://user@localhost:5433/mydb?options=-c%20synchronous_commit%3Doff") {
            val c = parseClean("postgresql://user@localhost:5433/mydb?options=-c%20synchronous_commit%3Doff")
            c.options shouldBe "-c synchronous_commit=off"
            c.hosts shouldContainExactly listOf(HostSpec.Tcp("localhost", 5433))
        }
    }

    test("postgres:// is accepted like postgresql://") {
        parseClean("postgres://u@h:1/d").hosts shouldContainExactly listOf(HostSpec.Tcp("h", 1))
    }

    test("user and password are percent-decoded, password may contain @-less special characters") {
        val c = parseClean("postgresql://us%40er:p%3Ass%2Fw%C3%B6rd@host/db")
        c.user shouldBe "us@er"
        c.password shouldBe "p:ss/wörd"
    }

    test("raw non-ASCII text and escaped UTF-8 mix; invalid UTF-8 escapes are refused") {
        parseClean("postgresql://h/d\u00e4t%C3%A4%F0%9F%98%80x?application_name=\uD83D\uDE00%20app").let {
            it.database shouldBe "d\u00e4t\u00e4\uD83D\uDE00x"
            it.applicationName shouldBe "\uD83D\uDE00 app"
        }
        shouldRejectKey("postgresql://h/d%FFb", "dbname").message shouldContain "UTF-8"
    }

    test("a password containing ':' after the first colon stays whole") {
        parseClean("postgresql://u:a:b@h/db").password shouldBe "a:b"
    }

    test("hosts without a port take the default; mixed lists keep ports aligned") {
        val c = parseClean("postgresql://a,b:6000,[::1],c/db")
        c.hosts shouldContainExactly listOf(
            HostSpec.Tcp("a", 5432), HostSpec.Tcp("b", 6000), HostSpec.Tcp("::1", 5432), HostSpec.Tcp("c", 5432),
        )
    }

    test("a socket directory in the authority takes a port") {
        val c = parseClean("postgresql://%2Ftmp:5499/db")
        c.hosts shouldContainExactly listOf(HostSpec.UnixSocket("/tmp", 5499))
        (c.hosts[0] as HostSpec.UnixSocket).path shouldBe "/tmp/.s.PGSQL.5499"
    }

    test("a socket directory and a TCP host can be mixed") {
        parseClean("postgresql:///db?host=/run/pg,db.example&port=5433").hosts shouldContainExactly listOf(
            HostSpec.UnixSocket("/run/pg", 5433), HostSpec.Tcp("db.example", 5433),
        )
    }

    test("query parameters override the authority, the last one wins") {
        val c = parseClean("postgresql://u@h/db?user=v&dbname=e&application_name=a&application_name=b")
        c.user shouldBe "v"
        c.database shouldBe "e"
        c.applicationName shouldBe "b"
    }

    test("ssl=true is libpq's alias of sslmode=require") {
        parseClean("postgresql://h/db?ssl=true").sslMode shouldBe SslMode.REQUIRE
    }

    test("an empty database segment keeps the default") {
        parseClean("postgresql://u@h/").database shouldBe "u"
    }

    test("hostaddr in the query pairs with the host") {
        val c = parseClean("postgresql://db.example/db?hostaddr=192.0.2.7")
        c.hosts shouldContainExactly listOf(HostSpec.Tcp("db.example", 5432, "192.0.2.7"))
    }

    context("malformed URIs name the offending key") {
        test("non-numeric port") {
            shouldRejectKey("postgresql://h:abc/db", "port").message shouldContain "abc"
        }
        test("port out of range") {
            shouldRejectKey("postgresql://h:65536/db", "port").message shouldContain "65536"
            shouldRejectKey("postgresql://h:0/db", "port")
        }
        test("bad percent-encoding in the database") {
            shouldRejectKey("postgresql://h/d%zzb", "dbname").message shouldContain "percent"
            shouldRejectKey("postgresql://h/db%4", "dbname")
        }
        test("%00 is forbidden") {
            shouldRejectKey("postgresql://h/d%00b", "dbname").message shouldContain "%00"
        }
        test("bad percent-encoding in the password does not echo it") {
            val e = shouldRejectKey("postgresql://u:s3cr%ZZet@h/db", "password")
            e.message shouldNotContain "s3cr"
        }
        test("bad percent-encoding in a query value names that key") {
            shouldRejectKey("postgresql://h/db?application_name=a%G1", "application_name")
        }
        test("unknown query parameter") {
            shouldRejectKey("postgresql://h/db?colour=blue", "colour").message shouldContain "colour"
        }
        test("a libpq parameter data-bridge does not implement") {
            shouldRejectKey("postgresql://h/db?service=x", "service").message shouldContain "not supported"
        }
        test("query parameter without '='") {
            shouldRejectKey("postgresql://h/db?sslmode", "sslmode")
        }
        test("query parameter with two '='") {
            shouldRejectKey("postgresql://h/db?options=a=b", "options")
        }
        test("unclosed IPv6 bracket") {
            shouldRejectKey("postgresql://[::1/db", "host")
        }
        test("empty IPv6 brackets") {
            shouldRejectKey("postgresql://[]/db", "host")
        }
        test("garbage after an IPv6 literal") {
            shouldRejectKey("postgresql://[::1]x/db", "host")
        }
        test("mismatched host and port counts") {
            shouldRejectKey("postgresql:///db?host=a,b,c&port=1,2", "port").message shouldContain "3"
        }
        test("mismatched host and hostaddr counts") {
            shouldRejectKey("postgresql://a,b/db?hostaddr=127.0.0.1", "hostaddr")
        }
        test("a JDBC URL is refused without echoing it") {
            val e = shouldRejectKey("jdbc:postgresql://u:topsecret@h/db", "uri")
            e.message shouldNotContain "topsecret"
        }
    }
})
