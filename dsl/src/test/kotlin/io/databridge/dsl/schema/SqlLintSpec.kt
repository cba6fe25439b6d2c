package io.databridge.dsl.schema

import io.databridge.dsl.script.StatementSplitter

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/** The statement splitter and the text lint over hand-written migrations; no database needed. */
class SqlLintSpec : FunSpec({
    test("the splitter ends statements only at top-level semicolons and knows each one's line") {
        val script = """
            -- a comment; not a statement end
            CREATE TABLE a (x text DEFAULT 'it''s; fine');
            /* block /* nested; */ still comment; */ INSERT INTO a VALUES (E'back\'slash;');
            CREATE FUNCTION f() RETURNS int AS ${'$'}body${'$'} SELECT 1; ${'$'}body${'$'} LANGUAGE sql;
            SELECT "odd;name" FROM a; SELECT ${'$'}1
        """.trimIndent()
        val statements = StatementSplitter(script).split()
        statements.map { it.line } shouldContainExactly listOf(2, 3, 4, 5, 5)
        statements[0].sql shouldBe "CREATE TABLE a (x text DEFAULT 'it''s; fine')"
        statements[1].sql shouldBe "INSERT INTO a VALUES (E'back\\'slash;')"
        statements[1].code.trim() shouldBe "INSERT INTO a VALUES (E'            ')"
        statements[2].code shouldBe "CREATE FUNCTION f() RETURNS int AS ${'$'}body${'$'}           ${'$'}body${'$'} LANGUAGE sql"
        statements[3].sql shouldBe "SELECT \"odd;name\" FROM a"
        statements[4].sql shouldBe "SELECT ${'$'}1"
    }

    context("each risky statement is reported with its rule") {
        withData(
            nameFn = { it.first },
            "CREATE INDEX i ON t (x)" to listOf("index-without-concurrently"),
            "CREATE UNIQUE INDEX IF NOT EXISTS i ON public.t USING btree (x)" to listOf("index-without-concurrently"),
            "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES p (id)" to listOf("foreign-key-without-not-valid"),
            "ALTER TABLE t ADD COLUMN p int REFERENCES p (id)" to listOf("foreign-key-without-not-valid"),
            "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0)" to listOf("check-without-not-valid"),
            "ALTER TABLE t ADD CONSTRAINT u UNIQUE (x)" to listOf("add-unique-constraint"),
            "ALTER TABLE t ALTER COLUMN x SET NOT NULL" to listOf("set-not-null"),
            "ALTER TABLE t ALTER COLUMN x TYPE bigint" to listOf("type-change-rewrite"),
            "ALTER TABLE t ALTER x SET DATA TYPE text USING x::text" to listOf("type-change-rewrite"),
            "DROP TABLE t" to listOf("drop-table"),
            "ALTER TABLE t DROP COLUMN x" to listOf("drop-column"),
            "ALTER TABLE t DROP x" to listOf("drop-column"),
            "ALTER TABLE t ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()" to listOf("add-column-volatile-default"),
            "ALTER TABLE t ADD COLUMN seen timestamptz DEFAULT clock_timestamp(), ADD COLUMN n int" to listOf("add-column-volatile-default"),
        ) { (sql, rules) ->
            lintSql("$sql;", "V9__x.sql").map { it.finding.rule } shouldContainExactly rules
        }
    }

    context("safe forms are not reported") {
        withData(
            "CREATE INDEX CONCURRENTLY i ON t (x)",
            "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES p (id) NOT VALID",
            "ALTER TABLE t VALIDATE CONSTRAINT f",
            "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID",
            "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i",
            "ALTER TABLE t ADD COLUMN created timestamptz DEFAULT now()",
            "ALTER TABLE t ADD COLUMN note text DEFAULT 'random()'",
            "ALTER TABLE t ALTER COLUMN x DROP NOT NULL",
            "ALTER TABLE t ALTER COLUMN x DROP DEFAULT",
            "ALTER TABLE t DROP CONSTRAINT c",
            "-- DROP TABLE t\nSELECT 1",
            "COMMENT ON TABLE t IS 'DROP TABLE t; CREATE INDEX i ON t (x)'",
        ) { sql ->
            lintSql("$sql;", "V9__x.sql").shouldBeEmpty()
        }
    }

    test("work on a table the same file creates is not reported; findings name file and line") {
        val findings = lintSql(
            """
            CREATE TABLE "Orders" (id int PRIMARY KEY, customer int);
            CREATE INDEX orders_customer ON "Orders" (customer);
            ALTER TABLE "Orders" ADD FOREIGN KEY (customer) REFERENCES customers (id);

            CREATE INDEX customers_name ON customers (name);
            """.trimIndent(),
            "V4__orders.sql",
        )
        findings.map { "${it.file}:${it.line}:${it.finding.rule}" } shouldContainExactly listOf("V4__orders.sql:5:index-without-concurrently")
        findings.single().finding.safety shouldBe Safety.LOCKING
    }

    context("type changes are in place, rewriting or narrowing") {
        withData(
            Triple("character varying(20)", "character varying(50)", TypeChangeKind.IN_PLACE),
            Triple("character varying(20)", "text", TypeChangeKind.IN_PLACE),
            Triple("text", "character varying(20)", TypeChangeKind.NARROWING),
            Triple("character varying(50)", "character varying(10)", TypeChangeKind.NARROWING),
            Triple("numeric(10,2)", "numeric(12,2)", TypeChangeKind.IN_PLACE),
            Triple("numeric(10,2)", "numeric(10,1)", TypeChangeKind.NARROWING),
            Triple("numeric(10,2)", "numeric", TypeChangeKind.IN_PLACE),
            Triple("integer", "bigint", TypeChangeKind.REWRITE),
            Triple("bigint", "integer", TypeChangeKind.NARROWING),
            Triple("double precision", "real", TypeChangeKind.NARROWING),
            Triple("text", "integer", TypeChangeKind.REWRITE),
            Triple("integer[]", "integer", TypeChangeKind.REWRITE),
        ) { (from, to, kind) ->
            TypeChangeKind.of(from, to) shouldBe kind
        }
    }
})
