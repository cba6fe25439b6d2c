package io.databridge.dsl.migrate

import io.databridge.dsl.InvalidIdentifierException
import io.databridge.dsl.Table
import io.databridge.dsl.insert
import io.databridge.dsl.exec.execute
import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.UniqueViolationException
import io.databridge.pg.protocol.TransactionStatus
import io.databridge.pg.transaction
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Path
import kotlin.io.path.deleteExisting
import kotlin.io.path.readText
import kotlin.io.path.writeText
import kotlin.time.Duration.Companion.milliseconds

object Authors : Table("author") {
    val id = int4("id")
    val name = text("name")
}

class MigratorSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("migrator"))

    fun classpath(set: String) = MigrationConfig(locations = listOf("classpath:$SETS/$set"))
    fun directory(dir: Path, outOfOrder: Boolean = false) = MigrationConfig(locations = listOf("filesystem:$dir"), outOfOrder = outOfOrder)
    suspend fun history(url: String, table: String = "databridge_schema_history") =
        onDb(url) { c -> c.query("SELECT script, success FROM $table ORDER BY installed_rank").rows.map { it.getString(0) to it.getBoolean(1) } }

    test("migrate applies versioned files in version order, then repeatable ones, and records each in the history") {
        val url = schemaUrl(db, "m_basic")
        val result = Migrator(url, classpath("basic")).migrate()
        result.applied.map { it.script } shouldBe
            listOf("V1__create_author.sql", "V1_1__create_book.sql", "V2__seed_and_function.sql", "R__author_names.sql")
        result.currentVersion shouldBe MigrationVersion.parse("2")

        onDb(url) { c ->
            val rows = c.query(
                "SELECT installed_rank, version, description, type, checksum, installed_by = current_user, " +
                    "installed_on <= now(), execution_time_ms, success FROM databridge_schema_history ORDER BY installed_rank",
            ).rows
            rows.map { it.getInt(0) } shouldBe listOf(1, 2, 3, 4)
            rows.map { it.getStringOrNull(1) } shouldBe listOf("1", "1.1", "2", null)
            rows.map { it.getString(2) } shouldBe listOf("create author", "create book", "seed and function", "author names")
            rows.map { it.getString(3) } shouldBe listOf("SQL", "SQL", "SQL", "REPEATABLE")
            rows.forEach {
                it.getString(4) shouldStartWith "sha256:"
                it.getBoolean(5) shouldBe true
                it.getBoolean(6) shouldBe true
                it.getInt(7).toLong() shouldBeGreaterThanOrEqual 0L
                it.getBoolean(8) shouldBe true
            }
            // The statements with quotes, E-strings and dollar quotes ran exactly as written.
            c.query("SELECT name FROM author ORDER BY id").rows.map { it.getString(0) } shouldBe
                listOf("O'Brien; the elder", "back\\slash'; quote")
            c.query("SELECT author_count()").rows.single().getLong(0) shouldBe 2L
            c.query("SELECT count(*) FROM author_names").rows.single().getLong(0) shouldBe 2L
            c.query("INSERT INTO \"semi;colon\" DEFAULT VALUES RETURNING v").rows.single().getString(0) shouldBe ";"
        }

        Migrator(url, classpath("basic")).migrate().applied.shouldBeEmpty()
        history(url).size shouldBe 4
    }

    test("info lists pending migrations before a run, applied ones after, and a newly added file as pending") {
        val url = schemaUrl(db, "m_info")
        val dir = copyOfSet("basic")
        val migrator = Migrator(url, directory(dir))
        migrator.info().pending.map { it.script } shouldBe
            listOf("V1__create_author.sql", "V1_1__create_book.sql", "V2__seed_and_function.sql", "R__author_names.sql")
        count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'm_info'") shouldBe 0L

        migrator.migrate()
        dir.resolve("V3__more.sql").writeText("ALTER TABLE book ADD COLUMN isbn text;")
        val status = migrator.info()
        status.applied.map { it.script } shouldBe
            listOf("V1__create_author.sql", "V1_1__create_book.sql", "V2__seed_and_function.sql", "R__author_names.sql")
        status.pending.map { it.script to it.state } shouldBe listOf("V3__more.sql" to MigrationState.PENDING)
        status.toString() shouldContain "3 | more | SQL | PENDING"
    }

    test("a repeatable migration runs again when its content changes, and only then (line endings do not count)") {
        val url = schemaUrl(db, "m_repeat")
        val dir = copyOfSet("basic")
        val migrator = Migrator(url, directory(dir))
        migrator.migrate()
        migrator.migrate().applied.shouldBeEmpty()

        val view = dir.resolve("R__author_names.sql")
        view.writeText(view.readText().replace("\n", "\r\n"))
        migrator.migrate().applied.shouldBeEmpty()

        view.writeText("CREATE OR REPLACE VIEW author_names AS SELECT name, id FROM author ORDER BY name;\n")
        migrator.migrate().applied.map { it.script } shouldBe listOf("R__author_names.sql")
        history(url).count { it.first == "R__author_names.sql" } shouldBe 2
        count(url, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'm_repeat' AND table_name = 'author_names'") shouldBe 2L
        migrator.migrate().applied.shouldBeEmpty()
    }

    test("an applied file that changed is a checksum error naming it, nothing runs, and repair accepts the edit") {
        val url = schemaUrl(db, "m_checksum")
        val dir = copyOfSet("basic")
        val migrator = Migrator(url, directory(dir))
        migrator.migrate()
        dir.resolve("V1_1__create_book.sql").writeText("CREATE TABLE book (id bigint PRIMARY KEY);\n")
        dir.resolve("V3__pending.sql").writeText("CREATE TABLE not_created (id int);")

        val problem = shouldThrow<MigrationValidationException> { migrator.validate() }.problems.single()
        problem.issue shouldBe ValidationIssue.CHECKSUM_MISMATCH
        problem.script shouldBe "V1_1__create_book.sql"
        problem.message shouldContain dir.resolve("V1_1__create_book.sql").toString()
        shouldThrow<MigrationValidationException> { migrator.migrate() }.message shouldContain "V1_1__create_book.sql was changed after it was applied"
        count(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'not_created'") shouldBe 0L

        migrator.repair().realigned.map { it.script } shouldBe listOf("V1_1__create_book.sql")
        migrator.validate()
        migrator.migrate().applied.map { it.script } shouldBe listOf("V3__pending.sql")
    }

    test("an applied file that went missing is an error naming it") {
        val url = schemaUrl(db, "m_missing")
        val dir = copyOfSet("basic")
        Migrator(url, directory(dir)).migrate()
        dir.resolve("V1_1__create_book.sql").deleteExisting()

        val error = shouldThrow<MigrationValidationException> { Migrator(url, directory(dir)).migrate() }
        error.problems.map { it.issue to it.script } shouldBe listOf(ValidationIssue.MISSING to "V1_1__create_book.sql")
        error.message shouldContain "V1_1__create_book.sql was applied (history row 2) but is missing"
    }

    test("a pending file older than the latest applied one is an error unless outOfOrder is on") {
        val url = schemaUrl(db, "m_order")
        val dir = copyOfSet("basic")
        Migrator(url, directory(dir)).migrate()
        dir.resolve("V1_5__late.sql").writeText("CREATE TABLE late (id int);")

        val problem = shouldThrow<MigrationValidationException> { Migrator(url, directory(dir)).migrate() }.problems.single()
        problem.issue shouldBe ValidationIssue.OUT_OF_ORDER
        problem.message shouldContain "V1_5__late.sql (version 1.5) is pending but older than the latest applied version 2"
        Migrator(url, directory(dir)).info().outOfOrder.map { it.script } shouldBe listOf("V1_5__late.sql")

        Migrator(url, directory(dir, outOfOrder = true)).migrate().applied.map { it.script } shouldBe listOf("V1_5__late.sql")
        Migrator(url, directory(dir)).info().migrations.first { it.script == "V1_5__late.sql" }.state shouldBe MigrationState.APPLIED
    }

    test("a failing transactional migration leaves nothing behind, reports file, line and SQLSTATE, and blocks until repair") {
        val url = schemaUrl(db, "m_fail")
        PgConnection.connect(url).use { conn ->
            val migrator = Migrator(conn, classpath("failing"))
            val error = shouldThrow<MigrationFailedException> { migrator.migrate() }
            error.script shouldBe "V2__breaks_halfway.sql"
            error.location shouldBe "classpath:$SETS/failing/V2__breaks_halfway.sql"
            error.line shouldBe 7
            error.sqlState shouldBe "23505"
            error.rolledBack shouldBe true
            error.cause.shouldBeInstanceOf<UniqueViolationException>()
            error.message shouldContain "classpath:$SETS/failing/V2__breaks_halfway.sql, line 7 failed"
            error.message shouldContain "SQLSTATE 23505"

            // The runner's connection is idle and usable; the migration's table and rows are gone.
            conn.transactionStatus shouldBe TransactionStatus.IDLE
            conn.query("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'").rows.single().getLong(0) shouldBe 0L
            conn.query("SELECT count(*) FROM gadget").rows.single().getLong(0) shouldBe 0L
            history(url) shouldBe listOf("V1__create_gadget.sql" to true, "V2__breaks_halfway.sql" to false)
            migrator.info().failed.map { it.script } shouldBe listOf("V2__breaks_halfway.sql")

            val blocked = shouldThrow<MigrationValidationException> { migrator.migrate() }.problems.single()
            blocked.issue shouldBe ValidationIssue.FAILED
            blocked.message shouldContain "repair()"

            migrator.repair().removedFailed.map { it.script } shouldBe listOf("V2__breaks_halfway.sql")
            history(url) shouldBe listOf("V1__create_gadget.sql" to true)
            shouldThrow<MigrationFailedException> { migrator.migrate() }.line shouldBe 7
        }
    }

    test("a syntax error is reported at the line the server points to inside a multi-line statement") {
        val url = schemaUrl(db, "m_syntax")
        val dir = java.nio.file.Files.createTempDirectory("syntax")
        dir.resolve("V1__typo.sql").writeText("-- a table\nCREATE TABLE typo (\n    id integer,\n    name txet NOT NULL\n);\n")
        val error = shouldThrow<MigrationFailedException> { Migrator(url, directory(dir)).migrate() }
        error.line shouldBe 4
        error.sqlState shouldBe "42704"
        error.message shouldContain "V1__typo.sql, line 4 failed"
    }

    test("a caller's connection inside a transaction is refused, and stays usable") {
        val url = schemaUrl(db, "m_in_tx")
        onDb(url) { conn ->
            conn.transaction {
                shouldThrow<MigrationStateException> { Migrator(conn, classpath("basic")).migrate() }.message shouldContain
                    "must not be inside a transaction"
            }
            conn.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'm_in_tx'") shouldBe 0L
        }
    }

    test("a runner that cannot get the lock in time fails with MigrationLockException and runs nothing") {
        val url = schemaUrl(db, "m_locked")
        onDb(url) { holder ->
            holder.query("SELECT pg_advisory_lock($1)", MigrationLock.keyFor("m_locked.databridge_schema_history"))
            val config = classpath("concurrent-index").copy(lockTimeout = 300.milliseconds, lockRetryInterval = 50.milliseconds)
            shouldThrow<MigrationLockException> { Migrator(url, config).migrate() }.message shouldContain "longer than 300ms"
            holder.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'm_locked'").rows.single().getLong(0) shouldBe 0L
        }
    }

    test("a failing non-transactional migration keeps what ran, is recorded as failed, and blocks until repair") {
        val url = schemaUrl(db, "m_fail_nontx")
        val migrator = Migrator(url, classpath("failing-nontx"))
        val error = shouldThrow<MigrationFailedException> { migrator.migrate() }
        error.line shouldBe 3
        error.rolledBack shouldBe false
        error.sqlState shouldBe "42P07"
        error.message shouldContain "outside a transaction"
        count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'm_fail_nontx' AND tablename = 'first_part'") shouldBe 1L
        count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'm_fail_nontx' AND tablename = 'never_reached'") shouldBe 0L
        history(url) shouldBe listOf("V1__partial.sql" to false)
        shouldThrow<MigrationValidationException> { migrator.migrate() }.problems.single().issue shouldBe ValidationIssue.FAILED
        migrator.repair().removedFailed.size shouldBe 1
        migrator.info().pending.map { it.script } shouldBe listOf("V1__partial.sql")
    }

    test("a non-transactional CREATE INDEX CONCURRENTLY migration runs and leaves valid indexes") {
        val url = schemaUrl(db, "m_cic")
        Migrator(url, classpath("concurrent-index")).migrate().applied.map { it.transactional } shouldBe listOf(true, false)
        count(
            url,
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
                "WHERE n.nspname = 'm_cic' AND c.relname IN ('indexed_v', 'indexed_id') AND i.indisvalid",
        ) shouldBe 2L
    }

    test("baseline adopts an existing database: versions up to it never run, later ones do; a second baseline is refused") {
        val url = schemaUrl(db, "m_baseline")
        onDb(url) { it.simpleQuery("CREATE TABLE author (id integer PRIMARY KEY, name text NOT NULL)") }
        val migrator = Migrator(url, classpath("basic"))
        val row = migrator.baseline("1.1")
        row.type shouldBe MigrationType.BASELINE
        row.version shouldBe MigrationVersion.parse("1.1")
        migrator.baseline("1.1") shouldBe row

        migrator.info().migrations.map { it.script to it.state } shouldBe listOf(
            "V1__create_author.sql" to MigrationState.BELOW_BASELINE,
            "<< Baseline >>" to MigrationState.BASELINE,
            "V1_1__create_book.sql" to MigrationState.BELOW_BASELINE,
            "V2__seed_and_function.sql" to MigrationState.PENDING,
            "R__author_names.sql" to MigrationState.PENDING,
        )
        migrator.migrate().applied.map { it.script } shouldBe listOf("V2__seed_and_function.sql", "R__author_names.sql")
        count(url, "SELECT count(*) FROM author") shouldBe 2L

        shouldThrow<MigrationStateException> { migrator.baseline("3") }.message shouldContain "already has 3 row(s)"
    }

    test("baselineOnMigrate baselines a schema that has tables but no history, and not an empty one") {
        val url = schemaUrl(db, "m_baseline_auto")
        onDb(url) { it.simpleQuery("CREATE TABLE author (id integer PRIMARY KEY, name text NOT NULL); CREATE TABLE book (id int)") }
        val config = classpath("basic").copy(baselineOnMigrate = true, baselineVersion = "1.1")
        Migrator(url, config).migrate().applied.map { it.script } shouldBe listOf("V2__seed_and_function.sql", "R__author_names.sql")
        history(url).first() shouldBe ("<< Baseline >>" to true)

        val empty = schemaUrl(db, "m_baseline_empty")
        Migrator(empty, config).migrate().applied.size shouldBe 4
        history(empty).first() shouldBe ("V1__create_author.sql" to true)
    }

    test("a dry run returns the SQL that would run and runs nothing, not even the history table") {
        val url = schemaUrl(db, "m_dry")
        val plan = Migrator(url, classpath("concurrent-index")).dryRun()
        plan.createsHistoryTable shouldBe true
        plan.migrations.map { it.script } shouldBe listOf("V1__table.sql", "V2__index.sql")
        plan.statements(plan.migrations[1]) shouldBe listOf(
            "CREATE INDEX CONCURRENTLY indexed_v ON indexed (v)", "CREATE UNIQUE INDEX CONCURRENTLY indexed_id ON indexed (id)",
        )
        plan.sql shouldContain "-- creates the history table m_dry.databridge_schema_history"
        plan.sql shouldContain "BEGIN;\nCREATE TABLE indexed (id integer, v text);\n"
        plan.sql shouldContain "(outside a transaction)\nCREATE INDEX CONCURRENTLY indexed_v ON indexed (v);\n"
        count(url, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'm_dry'") shouldBe 0L

        Migrator(url, classpath("concurrent-index")).migrate()
        Migrator(url, classpath("concurrent-index")).dryRun().migrations.shouldBeEmpty()
    }

    test("Kotlin migrations run in order with the SQL files, use the DSL, and roll back on failure") {
        val url = schemaUrl(db, "m_kotlin")
        val seed = Migration.kotlin("3", "seed with the DSL") { session ->
            session.execute(Authors.insert { it[Authors.id] = 3; it[Authors.name] = "from kotlin" })
        }
        val broken = Migration.kotlin("4", "fails half-way") { session ->
            session.execute(Authors.insert { it[Authors.id] = 4; it[Authors.name] = "never kept" })
            session.execute(Authors.insert { it[Authors.id] = 4; it[Authors.name] = "duplicate" })
        }
        val config = classpath("basic").copy(kotlinMigrations = listOf(seed))
        Migrator(url, config).migrate().applied.map { it.script } shouldBe
            listOf("V1__create_author.sql", "V1_1__create_book.sql", "V2__seed_and_function.sql", "kotlin:3", "R__author_names.sql")
        count(url, "SELECT count(*) FROM author WHERE name = 'from kotlin'") shouldBe 1L
        onDb(url) { c -> c.query("SELECT type FROM databridge_schema_history WHERE script = 'kotlin:3'").rows.single().getString(0) } shouldBe "KOTLIN"

        val error = shouldThrow<MigrationFailedException> { Migrator(url, config.copy(kotlinMigrations = listOf(seed, broken))).migrate() }
        error.line shouldBe null
        error.sqlState shouldBe "23505"
        count(url, "SELECT count(*) FROM author WHERE id = 4") shouldBe 0L
    }

    test("the history table's name and schema are configurable, and a hostile name is refused before anything runs") {
        val url = schemaUrl(db, "m_named")
        Migrator(url, classpath("concurrent-index").copy(table = "schema_log", schema = "m_audit")).migrate()
        history(url, "m_audit.schema_log").map { it.first } shouldBe listOf("V1__table.sql", "V2__index.sql")

        shouldThrow<InvalidIdentifierException> {
            Migrator(url, classpath("concurrent-index").copy(table = "log\u0000; DROP TABLE indexed; --")).migrate()
        }
        count(url, "SELECT count(*) FROM indexed") shouldBe 500L
    }
})
