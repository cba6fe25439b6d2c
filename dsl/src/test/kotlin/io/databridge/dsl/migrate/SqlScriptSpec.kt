package io.databridge.dsl.migrate

import io.databridge.dsl.script.SqlStatement

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldStartWith

class SqlScriptSpec : FunSpec({
    fun split(text: String) = SqlScript.parse(text).statements

    test("splits at top-level semicolons and records the line each statement starts on") {
        split("SELECT 1;\n\n  SELECT 2;\nSELECT\n3") shouldBe listOf(
            SqlStatement("SELECT 1", 1), SqlStatement("SELECT 2", 3), SqlStatement("SELECT\n3", 4),
        )
    }

    test("semicolons in strings, E-strings, quoted identifiers and comments do not split") {
        val statements = split(
            """
            -- a comment; with a semicolon
            INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\';y');
            /* block; /* nested; */ still; */ CREATE TABLE "a;b" (v text);
            SELECT 1 -- trailing; comment
            ;
            """.trimIndent(),
        )
        statements.map { it.sql } shouldBe listOf(
            "INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\\';y')",
            "CREATE TABLE \"a;b\" (v text)",
            "SELECT 1 -- trailing; comment",
        )
        statements.map { it.line } shouldBe listOf(2, 3, 4)
    }

    test("dollar-quoted bodies, tagged or not, stay whole; \$1 and identifiers with \$ are no quotes") {
        val statements = split(
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS \$fn\$ BEGIN RETURN 1; END; \$fn\$;\n" +
                "DO \$\$ BEGIN PERFORM 1; END \$\$;\n" +
                "PREPARE p AS SELECT \$1::int; SELECT a\$b FROM t;",
        )
        statements.map { it.sql } shouldBe listOf(
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS \$fn\$ BEGIN RETURN 1; END; \$fn\$",
            "DO \$\$ BEGIN PERFORM 1; END \$\$",
            "PREPARE p AS SELECT \$1::int",
            "SELECT a\$b FROM t",
        )
    }

    test("a SQL-standard function body (BEGIN ATOMIC … END) with CASE inside is one statement") {
        val statements = split(
            "CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END; SELECT 2; END;\nSELECT 3;",
        )
        statements shouldHaveSize 2
        statements[0].sql shouldStartWith "CREATE FUNCTION g"
        statements[1] shouldBe SqlStatement("SELECT 3", 2)
    }

    test("comment-only and empty pieces are dropped") {
        split("-- nothing here\n;;\n/* nor here */") shouldBe emptyList()
    }

    test("a server error position maps to the file line inside a multi-line statement") {
        val statement = SqlStatement("SELECT\n  1,\n  nope", 5)
        statement.lineOf(statement.sql.indexOf("nope") + 1) shouldBe 7
        statement.lineOf(null) shouldBe 5
    }

    test("the no-transaction marker is read from the first line only, case-insensitively, after a BOM") {
        SqlScript.parse("\uFEFF-- DataBridge:No-Transaction\nCREATE INDEX CONCURRENTLY i ON t (a);").transactional shouldBe false
        SqlScript.parse("SELECT 1;\n-- databridge:no-transaction\n").transactional shouldBe true
        SqlScript.parse("-- databridge:no-transactions\nSELECT 1;").transactional shouldBe true
    }

    test("checksums ignore a BOM and CRLF line ends, carry the algorithm tag, and see every other change") {
        val lf = MigrationChecksum.of("CREATE TABLE t (a int);\nSELECT 1;\n")
        MigrationChecksum.of("\uFEFFCREATE TABLE t (a int);\r\nSELECT 1;\r\n") shouldBe lf
        lf shouldStartWith "sha256:"
        lf.length shouldBe "sha256:".length + 64
        MigrationChecksum.of("CREATE TABLE t (a int);\nSELECT 2;\n") shouldNotBe lf
    }
})
