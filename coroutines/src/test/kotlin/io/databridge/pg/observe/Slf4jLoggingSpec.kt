package io.databridge.pg.observe

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.errors.ConnectionClosedException
import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import org.slf4j.event.Level

class Slf4jLoggingSpec : FunSpec({
    val server = SharedPostgres.server
    val password = "Pa55-never-logged"
    val url = "postgresql://${server.superuser}:$password@${server.host}:${server.port}/postgres"

    fun List<CapturedLine>.named(logger: String) = filter { it.logger == logger }

    test("a connection's life is logged with server, database, user and pid, and never the password") {
        val (pid, lines) = CapturingLoggerProvider.during {
            val connection = PgConnection.connect("$url?application_name=$password")
            val pid = connection.backendPid
            connection.close()
            pid
        }
        val lifecycle = lines.named("io.databridge.pg.connection").filter { "backend pid $pid" in it.message }
        lifecycle.map { it.level } shouldBe listOf(Level.DEBUG, Level.DEBUG)
        lifecycle[0].message shouldContain "connected to ${server.host}:${server.port}/postgres as ${server.superuser}"
        lifecycle[1].message shouldContain "closed the connection to ${server.host}:${server.port}/postgres"
        CapturingLoggerProvider.lines().filter { password in it.fullText }.shouldBeEmpty()
    }

    test("a connection the server ends is logged as broken at WARN with the cause") {
        val victim = PgConnection.connect(url)
        val pid = victim.backendPid
        val (_, lines) = CapturingLoggerProvider.during {
            PgConnection.connect(url).use { it.query("SELECT pg_terminate_backend($1)", pid) }
            eventually(5.seconds) { victim.isOpen shouldBe false }
            shouldThrow<ConnectionClosedException> { victim.query("SELECT 1") }
            victim.close()
        }
        val broken = lines.named("io.databridge.pg.connection").filter { "backend pid $pid" in it.message && it.level == Level.WARN }
        broken shouldHaveSize 1
        broken[0].message shouldContain "broke"
        (broken[0].throwable is ConnectionClosedException) shouldBe true
        lines.named("io.databridge.pg.connection").filter { it.message.startsWith("closed") && "pid $pid" in it.message }.shouldBeEmpty()
    }

    test("server notices are logged at the level of their severity") {
        val (_, lines) = CapturingLoggerProvider.during {
            PgConnection.connect(url).use {
                it.simpleQuery("DO \$\$ BEGIN RAISE WARNING 'w-marker'; RAISE NOTICE 'n-marker'; RAISE INFO 'i-marker'; END \$\$")
            }
        }
        val notices = lines.named("io.databridge.pg.notice")
        notices.single { "w-marker" in it.message }.level shouldBe Level.WARN
        notices.single { "n-marker" in it.message }.level shouldBe Level.INFO
        notices.single { "i-marker" in it.message }.level shouldBe Level.INFO
    }

    test("slow statements are logged without their values unless the user opts in") {
        val options = ConnectOptions(slowQueryThreshold = 300.milliseconds)
        val (_, lines) = CapturingLoggerProvider.during {
            PgConnection.connect(url, options).use {
                it.query("SELECT pg_sleep(0.4), $1::text AS v", "bound-secret")
                it.simpleQuery("SELECT pg_sleep(0.4), 'literal-secret'")
            }
        }
        val slow = lines.named("io.databridge.pg.slowquery")
        slow shouldHaveSize 2
        slow.forEach { it.level shouldBe Level.WARN }
        slow[0].message shouldContain "slow QUERY took"
        slow[0].message shouldContain "SELECT pg_sleep(0.4), \$1::text AS v"
        slow[1].message shouldContain "slow SIMPLE_QUERY took"
        slow[1].message shouldContain "SELECT pg_sleep(?), ?"
        lines.filter { "bound-secret" in it.fullText || "literal-secret" in it.fullText }.shouldBeEmpty()
    }

    test("with logParameterValues the slow-query line shows the values and the raw script") {
        val options = ConnectOptions(slowQueryThreshold = 300.milliseconds, logParameterValues = true)
        val (_, lines) = CapturingLoggerProvider.during {
            PgConnection.connect(url, options).use {
                it.query("SELECT pg_sleep(0.4), $1::text AS v, $2::int AS n", "shown-value", null)
                it.simpleQuery("SELECT pg_sleep(0.4), 'shown-literal'")
            }
        }
        val slow = lines.named("io.databridge.pg.slowquery")
        slow[0].message shouldContain "parameters: ['shown-value', NULL]"
        slow[1].message shouldContain "'shown-literal'"
    }

    test("the connection string's slow_query_threshold turns the log on, for pools too") {
        val pool = PgPool.create("$url?slow_query_threshold=300ms&pool_max_size=1", PgPoolOptions())
        val (_, lines) = CapturingLoggerProvider.during {
            try {
                pool.query("SELECT 1 AS warm_up") // the connection exists and the next statement is quick
                pool.query("SELECT pg_sleep(0.4) AS pool_marker")
                pool.query("SELECT 1 AS quick_marker")
            } finally {
                pool.closeGracefully()
            }
        }
        val slow = lines.named("io.databridge.pg.slowquery")
        slow shouldHaveSize 1
        slow[0].message shouldContain "pool_marker"
        lines.filter { password in it.fullText }.shouldBeEmpty()
    }

    test("an instrumentation that throws is logged and skipped; the query and the connection go on") {
        val failing = PgInstrumentation { error("instrumentation-bug") }
        val endFailing = PgInstrumentation {
            object : PgOperationObserver {
                override fun end(result: PgOperationResult) = throw IllegalStateException("observer-bug")
            }
        }
        val (rows, lines) = CapturingLoggerProvider.during {
            PgConnection.connect(url, ConnectOptions(instrumentations = listOf(failing, endFailing))).use {
                it.query("SELECT 1 AS one").rows.single().getInt("one")
            }
        }
        rows shouldBe 1
        val warnings = lines.named("io.databridge.pg.observe")
        warnings.filter { it.level == Level.WARN && it.throwable?.message == "instrumentation-bug" } shouldHaveSize 1
        warnings.filter { it.level == Level.WARN && it.throwable?.message == "observer-bug" } shouldHaveSize 1
    }
})
