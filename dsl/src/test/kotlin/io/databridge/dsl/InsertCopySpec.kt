package io.databridge.dsl

import io.databridge.dsl.entity.StatementLog
import io.databridge.dsl.exec.InsertCopy
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.errors.StringDataRightTruncationException
import io.databridge.pg.errors.UniqueViolationException
import io.databridge.pg.errors.ValueEncodingException
import io.databridge.pg.observe.PgOperation
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.transaction
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.UUID

private object Samples : Table("samples") {
    val id = int4("id").primaryKey()
    val label = text("label")
    val amount = numeric("amount")
    val at = timestamptz("at")
    val tag = uuid("tag").nullable()
    val level = int4("level")
}

// An automatically updatable view over samples: INSERT goes through it, COPY cannot.
private object SamplesView : Table("samples_view") {
    val id = int4("id")
    val label = text("label")
    val amount = numeric("amount")
    val at = timestamptz("at")
    val tag = uuid("tag").nullable()
    val level = int4("level")
}

private val EPOCH = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)

private fun tagOf(i: Int): UUID? = if (i % 10 == 0) null else UUID(i.toLong(), i * 31L)

private fun samples(ids: List<Int>, level: (Int) -> Int = { it % 100 }) = Samples.insertAll(ids) { row, i ->
    row[Samples.id] = i; row[Samples.label] = "s$i"; row[Samples.amount] = BigDecimal(i).movePointLeft(2)
    row[Samples.at] = EPOCH.plusSeconds(i.toLong()); row[Samples.tag] = tagOf(i); row[Samples.level] = level(i)
}

private fun viewSamples(ids: List<Int>) = SamplesView.insertAll(ids) { row, i ->
    row[SamplesView.id] = i; row[SamplesView.label] = "s$i"; row[SamplesView.amount] = BigDecimal.ONE
    row[SamplesView.at] = EPOCH; row[SamplesView.tag] = null; row[SamplesView.level] = 1
}

private fun List<PgOperation>.kinds(): List<String> = map { if (it.kind == PgOperationKind.COPY_IN) "COPY" else it.sql.substringBefore(' ') }

private const val DDL = "DROP SCHEMA IF EXISTS dsl_insert_copy CASCADE; CREATE SCHEMA dsl_insert_copy; SET search_path = dsl_insert_copy; " +
    // level is smallint in the database while the table object says int4: COPY encodes values by the real column type.
    "CREATE TABLE samples (id int4 PRIMARY KEY, label varchar(8) NOT NULL, amount numeric NOT NULL, at timestamptz NOT NULL, " +
    "tag uuid, level int2 NOT NULL); " +
    "CREATE VIEW samples_view AS SELECT * FROM samples; " +
    "CREATE TABLE fired (n int8 NOT NULL); INSERT INTO fired VALUES (0); " +
    "CREATE FUNCTION count_row() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN UPDATE fired SET n = n + 1; RETURN NEW; END'; " +
    "CREATE TRIGGER counted BEFORE INSERT ON samples FOR EACH ROW EXECUTE FUNCTION count_row()"

class InsertCopySpec : FunSpec({
    val log = StatementLog()
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeTest {
        conn = PgConnection.connect(SharedPostgres.server.url(), ConnectOptions(instrumentations = listOf(log)))
        conn.simpleQuery(DDL)
        db = conn.asSqlExecutor()
    }
    afterTest {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_insert_copy CASCADE") }
    }

    suspend fun count(): Long = db.single(select(countAll()).from(Samples))
    suspend fun fired(): Long = conn.query("SELECT n FROM dsl_insert_copy.fired").rows[0].getLong(0)

    test("from 1,000 rows of values, insertAll runs as one binary COPY that stores every value and fires the row triggers") {
        val ids = (1..InsertCopy.MIN_ROWS).toList()
        val ops = log.during { db.execute(samples(ids)) shouldBe ids.size.toLong() }
        ops.kinds() shouldBe listOf("SELECT", "COPY")
        fired() shouldBe ids.size.toLong()
        val stored = db.list(select(Samples.id, Samples.label, Samples.amount, Samples.at, Samples.tag, Samples.level).from(Samples).orderBy(Samples.id.asc()))
        stored.size shouldBe ids.size
        stored.forEach { (id, label, amount, at, tag, level) ->
            label shouldBe "s$id"
            amount shouldBe BigDecimal(id).movePointLeft(2)
            at.toInstant() shouldBe EPOCH.plusSeconds(id.toLong()).toInstant()
            tag shouldBe tagOf(id)
            level shouldBe id % 100
        }
    }

    test("below 1,000 rows insertAll stays one INSERT") {
        val ids = (1 until InsertCopy.MIN_ROWS).toList()
        val ops = log.during { db.execute(samples(ids)) shouldBe ids.size.toLong() }
        ops.kinds() shouldBe listOf("INSERT")
        count() shouldBe ids.size.toLong()
    }

    test("ON CONFLICT, RETURNING and an expression in a row keep the INSERT, whatever the row count") {
        val ids = (1..InsertCopy.MIN_ROWS).toList()
        log.during { db.execute(samples(ids).onConflictDoNothing()) shouldBe ids.size.toLong() }.kinds() shouldBe listOf("INSERT")
        log.during { db.execute(samples(ids).onConflictDoNothing()) shouldBe 0L }.kinds() shouldBe listOf("INSERT")
        conn.simpleQuery("TRUNCATE dsl_insert_copy.samples")
        log.during { db.list(samples(ids).returning(Samples.id)) shouldBe ids }.kinds() shouldBe listOf("INSERT")
        conn.simpleQuery("TRUNCATE dsl_insert_copy.samples")
        val withExpression = Samples.insertAll(ids) { row, i ->
            row[Samples.id] = lit(i) + 0; row[Samples.label] = "e"; row[Samples.amount] = BigDecimal.ONE
            row[Samples.at] = EPOCH; row[Samples.tag] = null; row[Samples.level] = 1
        }
        log.during { db.execute(withExpression) shouldBe ids.size.toLong() }.kinds() shouldBe listOf("INSERT")
    }

    test("a view, and a table with a rule, take the INSERT path, where the view's rows land and the rule runs") {
        val ids = (1..InsertCopy.MIN_ROWS).toList()
        log.during { db.execute(viewSamples(ids)) shouldBe ids.size.toLong() }.kinds() shouldBe listOf("SELECT", "INSERT")
        count() shouldBe ids.size.toLong()
        conn.simpleQuery(
            "TRUNCATE dsl_insert_copy.samples; CREATE TABLE dsl_insert_copy.audit (id int4); " +
                "CREATE RULE audited AS ON INSERT TO dsl_insert_copy.samples DO ALSO INSERT INTO dsl_insert_copy.audit VALUES (NEW.id)",
        )
        log.during { db.execute(samples(ids)) }.kinds() shouldBe listOf("SELECT", "INSERT")
        count() shouldBe ids.size.toLong()
        conn.query("SELECT count(*) FROM dsl_insert_copy.audit").rows[0].getLong(0) shouldBe ids.size.toLong()
    }

    test("a duplicate key fails the COPY with UniqueViolationException, nothing is stored, and the connection stays usable") {
        conn.simpleQuery("INSERT INTO dsl_insert_copy.samples VALUES (700, 'x', 1, now(), NULL, 1)")
        shouldThrow<UniqueViolationException> { db.execute(samples((1..InsertCopy.MIN_ROWS).toList())) }
        count() shouldBe 1L
        db.execute(samples((1001..2000).toList())) shouldBe 1000L
        count() shouldBe 1001L
    }

    test("a value its column cannot hold fails with nothing stored: the client refuses a smallint overflow, the server a long varchar") {
        val ids = (1..InsertCopy.MIN_ROWS).toList()
        val overflow = shouldThrow<ValueEncodingException> { db.execute(samples(ids) { if (it == 900) 40_000 else 1 }) }
        overflow.message shouldContain "level"
        overflow.message shouldContain "900"
        count() shouldBe 0L
        val tooLong = Samples.insertAll(ids) { row, i ->
            row[Samples.id] = i; row[Samples.label] = if (i == 950) "much too long" else "ok"; row[Samples.amount] = BigDecimal.ONE
            row[Samples.at] = EPOCH; row[Samples.tag] = null; row[Samples.level] = 1
        }
        shouldThrow<StringDataRightTruncationException> { db.execute(tooLong) }
        count() shouldBe 0L
        db.execute(samples(ids)) shouldBe ids.size.toLong()
    }

    test("inside a transaction the COPY is part of it and rolls back with it") {
        shouldThrow<IllegalStateException> {
            conn.transaction { tx ->
                val ops = log.during { tx.asSqlExecutor().execute(samples((1..InsertCopy.MIN_ROWS).toList())) shouldBe 1000L }
                ops.kinds() shouldBe listOf("SELECT", "COPY")
                tx.asSqlExecutor().single(select(countAll()).from(Samples)) shouldBe 1000L
                throw IllegalStateException("roll back")
            }
        }
        count() shouldBe 0L
    }

    test("on a pool, COPY on a borrowed connection; inside the pool's transaction block, an INSERT in that transaction") {
        val poolLog = StatementLog()
        val pool = PgPool.create(SharedPostgres.server.url() + "?search_path=dsl_insert_copy", PgPoolOptions(connect = ConnectOptions(instrumentations = listOf(poolLog))))
        try {
            val on = pool.asSqlExecutor()
            poolLog.during { on.execute(samples((1..1000).toList())) shouldBe 1000L }.kinds() shouldBe listOf("SELECT", "COPY")
            shouldThrow<IllegalStateException> {
                pool.transaction {
                    poolLog.during { on.execute(samples((1001..2000).toList())) shouldBe 1000L }.kinds() shouldBe listOf("INSERT")
                    on.single(select(countAll()).from(Samples)) shouldBe 2000L
                    throw IllegalStateException("roll back")
                }
            }
            count() shouldBe 1000L
        } finally {
            pool.close()
        }
    }
})
