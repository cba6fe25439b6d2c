package io.databridge.dsl.migrate

import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.io.path.writeText

/** MigrateMain run in-process: commands, output and exit codes. */
class MigrateMainSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("migrate-main"))

    class Outcome(val code: Int, val out: String, val err: String)

    fun main(vararg args: String, environment: Map<String, String> = emptyMap()): Outcome {
        val out = ByteArrayOutputStream()
        val err = ByteArrayOutputStream()
        val code = MigrateMain.run(arrayOf(*args), PrintStream(out, true), PrintStream(err, true), environment)
        return Outcome(code, out.toString(), err.toString())
    }

    test("migrate, info, validate and repair succeed with exit code 0 and say what they did") {
        val url = schemaUrl(db, "main_ok")
        val basic = "--locations=classpath:$SETS/basic"
        main("migrate", "--url", url, basic).run {
            code shouldBe MigrateMain.EXIT_OK
            out shouldContain "applied 4 migration(s); current version 2"
        }
        main("info", "--url", url, basic).run {
            code shouldBe 0
            out shouldContain "1.1 | create book | SQL | APPLIED"
        }
        main("validate", "--url", url, basic).out shouldContain "validation passed"
        main("repair", "--url", url, basic).out shouldContain "removed 0 failed row(s)"
        // The URL may also come from the environment.
        main("migrate", basic, environment = mapOf("DATABASE_URL" to url)).out shouldContain "applied 0 migration(s)"
    }

    test("a dry run prints the SQL and runs nothing") {
        val url = schemaUrl(db, "main_dry")
        main("migrate", "--dry-run", "--url", url, "--locations", "classpath:$SETS/concurrent-index").run {
            code shouldBe 0
            out shouldContain "CREATE UNIQUE INDEX CONCURRENTLY indexed_id ON indexed (id);"
        }
        count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'main_dry'") shouldBe 0L
    }

    test("baseline records the given version") {
        val url = schemaUrl(db, "main_baseline")
        main("baseline", "--url", url, "--baseline-version", "5", "--locations", "classpath:$SETS/basic").out shouldContain
            "baseline recorded at version 5"
        main("info", "--url", url, "--locations", "classpath:$SETS/basic").out shouldContain "2 | seed and function | SQL | BELOW_BASELINE"
    }

    test("a failing migration exits with 1 and reports file, line and SQLSTATE") {
        val url = schemaUrl(db, "main_fail")
        main("migrate", "--url", url, "--locations", "classpath:$SETS/failing").run {
            code shouldBe MigrateMain.EXIT_MIGRATION_FAILED
            err shouldContain "classpath:$SETS/failing/V2__breaks_halfway.sql, line 7 failed"
            err shouldContain "SQLSTATE 23505"
        }
    }

    test("a validation failure exits with 2 and names the file") {
        val url = schemaUrl(db, "main_invalid")
        val dir = copyOfSet("basic")
        main("migrate", "--url", url, "--locations", "filesystem:$dir").code shouldBe 0
        dir.resolve("V1__create_author.sql").writeText("CREATE TABLE author (id int);")
        main("validate", "--url", url, "--locations", "filesystem:$dir").run {
            code shouldBe MigrateMain.EXIT_VALIDATION_FAILED
            err shouldContain "V1__create_author.sql was changed after it was applied"
        }
    }

    test("other failures exit with 3 and never print the URL's password") {
        main("migrate", "--url", "postgresql://someone:s3cret-pw@127.0.0.1:1/none?connect_timeout=5", "--locations", "classpath:$SETS/basic").run {
            code shouldBe MigrateMain.EXIT_ERROR
            err shouldContain "error:"
            (out + err) shouldNotContain "s3cret-pw"
        }
        main("migrate", "--url", schemaUrl(db, "main_noloc"), "--locations", "classpath:$SETS/absent").run {
            code shouldBe MigrateMain.EXIT_ERROR
            err shouldContain "classpath:$SETS/absent was not found"
        }
    }

    test("a wrong command line exits with 64 and prints the usage") {
        main().code shouldBe MigrateMain.EXIT_USAGE
        main("upgrade").err shouldContain "unknown command \"upgrade\""
        main("migrate", "--url", "x", "--force").err shouldContain "unknown option \"--force\""
        main("migrate", "--url").err shouldContain "--url needs a value"
        main("info", "--dry-run", "--url", "x").err shouldContain "--dry-run works with migrate only"
        main("migrate").run {
            code shouldBe MigrateMain.EXIT_USAGE
            err shouldContain "no database: give --url"
            err shouldContain "usage: MigrateMain"
        }
    }
})
