package io.databridge.dsl

import io.databridge.dsl.entity.StatementLog
import io.databridge.dsl.exec.ParameterLimit
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.flow
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.UniqueViolationException
import io.databridge.pg.transaction
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.flow.toList
import java.math.BigDecimal

private object Readings : Table("readings") {
    val id = int4("id").primaryKey()
    val sensor = text("sensor")
    val value = numeric("value")
    val taken = int8("taken")
    val valid = bool("valid")
}

private const val ROWS = 14_000

// `taken` is an expression in every row, so these many rows stay the chunked INSERT this spec is about instead of
// the COPY that execute picks for rows of values only (InsertCopySpec).
private fun insertReadings(ids: List<Int>) = Readings.insertAll(ids) { row, i ->
    row[Readings.id] = i; row[Readings.sensor] = "s${i % 7}"; row[Readings.value] = BigDecimal(i).movePointLeft(2)
    row[Readings.taken] = lit(i * 1000L) + 0L; row[Readings.valid] = i % 2 == 0
}

class BulkInsertSpec : FunSpec({
    val log = StatementLog()
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeTest {
        conn = PgConnection.connect(SharedPostgres.server.url(), ConnectOptions(instrumentations = listOf(log)))
        conn.simpleQuery(
            "DROP SCHEMA IF EXISTS dsl_bulk CASCADE; CREATE SCHEMA dsl_bulk; SET search_path = dsl_bulk; " +
                "CREATE TABLE readings (id int4 PRIMARY KEY, sensor text NOT NULL, value numeric NOT NULL, taken int8 NOT NULL, valid bool NOT NULL)",
        )
        db = conn.asSqlExecutor()
    }
    afterTest {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_bulk CASCADE") }
    }

    suspend fun count(): Long = db.single(select(countAll()).from(Readings))

    test("insertAll of 14,000 rows x 5 columns is cut under the 65,535-parameter limit and reports the total") {
        val statements = log.during { db.execute(insertReadings((1..ROWS).toList())) shouldBe ROWS.toLong() }
        val inserts = statements.filter { it.sql.startsWith("INSERT") }
        inserts.size shouldBe (ROWS + ParameterLimit.rowsPerStatement(5) - 1) / ParameterLimit.rowsPerStatement(5)
        count() shouldBe ROWS.toLong()
        db.single(select(Readings.value).from(Readings).where(Readings.id eq ROWS)) shouldBe BigDecimal("140.00")
    }

    test("the chunks are all-or-nothing: a failing last chunk leaves no row, and the connection stays usable") {
        val ids = (1..ROWS).toList() + 1
        shouldThrow<UniqueViolationException> { db.execute(insertReadings(ids)) }
        count() shouldBe 0L
        db.execute(insertReadings(listOf(1, 2))) shouldBe 2L
    }

    test("inside the caller's transaction the chunks belong to it and roll back with it") {
        shouldThrow<IllegalStateException> {
            conn.transaction { tx ->
                tx.asSqlExecutor().execute(insertReadings((1..ROWS).toList())) shouldBe ROWS.toLong()
                tx.asSqlExecutor().single(select(countAll()).from(Readings)) shouldBe ROWS.toLong()
                throw IllegalStateException("roll back")
            }
        }
        count() shouldBe 0L
    }

    test("insertAll with RETURNING over the limit returns every row, in order") {
        val ids = db.list(insertReadings((1..ROWS).toList()).returning(Readings.id))
        ids shouldBe (1..ROWS).toList()
    }

    test("any other statement over the limit is refused before it is sent") {
        val many = (1..70_000).toList()
        shouldThrow<InvalidQueryException> { db.list(select(Readings.id).from(Readings).where(Readings.id inList many)) }
            .message shouldContain "70000 parameters"
        val one = shouldThrow<InvalidQueryException> {
            db.execute(Readings.update(Readings.id inList many) { it[Readings.valid] = true })
        }
        one.message shouldStartWith "the statement binds"
        count() shouldBe 0L
    }

    test("flow of an insertAll with RETURNING over the limit runs in chunks and emits every row, in order") {
        val statements = log.during {
            db.flow(insertReadings((1..ROWS).toList()).returning(Readings.id)).toList() shouldBe (1..ROWS).toList()
        }
        statements.count { it.sql.startsWith("INSERT") } shouldBe (ROWS + ParameterLimit.rowsPerStatement(5) - 1) / ParameterLimit.rowsPerStatement(5)
        count() shouldBe ROWS.toLong()
    }

    test("a chunked flow is all-or-nothing: a failing last chunk emits no row and leaves none") {
        val seen = ArrayList<Int>()
        shouldThrow<UniqueViolationException> {
            db.flow(insertReadings((1..ROWS).toList() + 1).returning(Readings.id)).collect { seen += it }
        }
        seen shouldBe emptyList()
        count() shouldBe 0L
    }

    test("a flow of any other statement over the limit is refused before anything is sent, saying what to use") {
        val many = (1..70_000).toList()
        val refused = shouldThrow<InvalidQueryException> { db.flow(select(Readings.id).from(Readings).where(Readings.id inList many)) }
        refused.message shouldContain "70000 parameters"
        refused.message shouldContain "eqAny"
        db.flow(select(Readings.id).from(Readings).where(Readings.id eqAny many)).toList() shouldBe emptyList()
    }
})
