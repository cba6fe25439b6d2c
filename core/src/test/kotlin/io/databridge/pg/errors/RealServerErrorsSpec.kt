package io.databridge.pg.errors

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.auth.RawPgSession
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

/** Real ErrorResponse and NoticeResponse fields from PostgreSQL, read through a test-only raw socket. */
class RealServerErrorsSpec : FunSpec({
    val pg = SharedPostgres.server
    val session = RawPgSession(pg.host, pg.port).also { it.authenticate(pg.superuser, null) }
    afterSpec { session.close() }

    session.query("CREATE TABLE errors_spec (id int PRIMARY KEY, name text NOT NULL, n int CHECK (n > 0), parent int REFERENCES errors_spec)")
        .shouldBe(null)
    session.query("INSERT INTO errors_spec VALUES (1, 'a', 1, NULL)").shouldBe(null)

    test("unique violation carries schema, table, constraint and the server's detail") {
        val e = session.query("INSERT INTO errors_spec VALUES (1, 'b', 1, NULL)")
        e.shouldBeInstanceOf<UniqueViolationException>()
        e.schemaName shouldBe "public"
        e.tableName shouldBe "errors_spec"
        e.constraintName shouldBe "errors_spec_pkey"
        e.detail shouldBe "Key (id)=(1) already exists."
        e.message shouldBe "ERROR: duplicate key value violates unique constraint \"errors_spec_pkey\" (SQLSTATE 23505)\n" +
            "DETAIL: Key (id)=(1) already exists."
        e.file.shouldNotBeNull()
        e.line.shouldNotBeNull()
        e.routine.shouldNotBeNull()
    }

    test("not-null, check and foreign-key violations") {
        session.query("INSERT INTO errors_spec VALUES (2, NULL, 1, NULL)").shouldBeInstanceOf<NotNullViolationException>()
            .columnName shouldBe "name"
        session.query("INSERT INTO errors_spec VALUES (2, 'b', 0, NULL)").shouldBeInstanceOf<CheckViolationException>()
            .constraintName shouldBe "errors_spec_n_check"
        session.query("INSERT INTO errors_spec VALUES (2, 'b', 1, 99)").shouldBeInstanceOf<ForeignKeyViolationException>()
            .constraintName shouldBe "errors_spec_parent_fkey"
    }

    test("syntax error with position, undefined table, division by zero") {
        session.query("SELECT 1 FROM").shouldBeInstanceOf<SyntaxErrorException>().position shouldBe 14
        session.query("SELECT * FROM no_such_table").shouldBeInstanceOf<UndefinedTableException>().position shouldBe 15
        session.query("SELECT 1/0").shouldBeInstanceOf<DivisionByZeroException>()
    }

    test("internal query and position from PL/pgSQL") {
        val e = session.query("DO \$\$BEGIN PERFORM * FROM no_such_table; END\$\$")
        e.shouldBeInstanceOf<UndefinedTableException>()
        e.internalQuery shouldBe "SELECT * FROM no_such_table"
        e.internalPosition shouldBe 15
        e.position shouldBe null
        e.where shouldBe "PL/pgSQL function inline_code_block line 1 at PERFORM"
    }

    test("errors of classes without a hand-written exception get their generated class-level one") {
        session.query("SELECT (SELECT generate_series(1, 2))").shouldBeInstanceOf<CardinalityViolationException>()
        session.query("CREATE TABLE no_such_schema.t (id int)").shouldBeInstanceOf<InvalidSchemaNameException>()
        session.query("FETCH NEXT FROM no_such_cursor").shouldBeInstanceOf<InvalidCursorNameException>()
        session.query("DO \$\$BEGIN RAISE EXCEPTION 'boom'; END\$\$").shouldBeInstanceOf<PlPgSqlErrorException>()
            .sqlState shouldBe SqlState("P0001")
        session.query("CREATE VIEW errors_spec_view AS SELECT id FROM errors_spec").shouldBe(null)
        session.query("DROP TABLE errors_spec").shouldBeInstanceOf<DependentPrivilegeDescriptorsStillExistException>()
        session.query("DROP VIEW errors_spec_view").shouldBe(null)
    }

    test("a NOWAIT lock conflict is a LockNotAvailableException (55P03)") {
        RawPgSession(pg.host, pg.port).use { other ->
            other.authenticate(pg.superuser, null)
            session.query("BEGIN; LOCK TABLE errors_spec IN ACCESS EXCLUSIVE MODE").shouldBe(null)
            try {
                other.query("BEGIN; LOCK TABLE errors_spec IN ACCESS SHARE MODE NOWAIT")
                    .shouldBeInstanceOf<LockNotAvailableException>()
                    .shouldBeInstanceOf<ObjectNotInPrerequisiteStateException>()
            } finally {
                session.query("ROLLBACK").shouldBe(null)
            }
        }
    }

    test("a statement_timeout cancels with 57014") {
        session.query("SET statement_timeout = '50ms'").shouldBe(null)
        session.query("SELECT pg_sleep(5)").shouldBeInstanceOf<QueryCanceledException>()
        session.query("RESET statement_timeout").shouldBe(null)
    }

    test("a NoticeResponse becomes a Notice") {
        session.notices.clear()
        session.query("DROP TABLE IF EXISTS no_such_table").shouldBe(null)
        val notice = session.notices.single()
        notice.severityNonLocalized shouldBe "NOTICE"
        notice.sqlState shouldBe SqlState("00000")
        notice.primaryMessage shouldBe "table \"no_such_table\" does not exist, skipping"
    }
})
