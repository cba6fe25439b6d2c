package io.databridge.dsl

import io.databridge.dsl.entity.StatementLog
import io.databridge.dsl.exec.InsertCopy
import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.schema.create
import io.databridge.dsl.schema.createStatements
import io.databridge.dsl.schema.diff
import io.databridge.dsl.types.PgTypes
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.TypeMismatchException
import io.databridge.pg.observe.PgOperationKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.time.Instant
import java.time.OffsetDateTime

private object Events : Table("events") {
    val id = int4("id").primaryKey()
    val at = instant("at")
    val seen = instant("seen").nullable()
}

// The same column declared as an Instant over a column without time zone, which names no instant.
private object LocalEvents : Table("local_events") {
    val at = instant("at")
}

private val INSTANTS = listOf(
    Instant.parse("2026-01-01T00:00:00Z"),
    Instant.parse("2026-12-08T10:15:30.123456Z"),
    Instant.parse("1970-01-01T00:00:00Z"),
    Instant.parse("1999-12-31T23:59:59.999999Z"),
    Instant.parse("-0500-03-01T12:00:00Z"),
    Instant.parse("+200000-01-01T00:00:00Z"),
    Instant.MAX,
    Instant.MIN,
)

class InstantColumnSpec : FunSpec({
    val log = StatementLog()
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeTest {
        conn = PgConnection.connect(SharedPostgres.server.url(), ConnectOptions(instrumentations = listOf(log)))
        conn.simpleQuery("DROP SCHEMA IF EXISTS dsl_instant CASCADE; CREATE SCHEMA dsl_instant; SET search_path = dsl_instant")
        conn.create(Events)
        db = conn.asSqlExecutor()
    }
    afterTest {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_instant CASCADE") }
    }

    test("an instant column is timestamptz in the schema, and a type of its own in the DSL") {
        createStatements(Events).single() shouldContain "\"at\" timestamp with time zone NOT NULL"
        conn.diff(Events).isEmpty shouldBe true
        PgTypes.instant shouldNotBe PgTypes.timestamptz
        PgTypes.instant.sqlName shouldBe "timestamptz"
    }

    test("instants round-trip exactly, infinity as Instant.MAX and Instant.MIN, NULL as null, and the server sees the same instant") {
        db.execute(Events.insertAll(INSTANTS.indices.toList()) { row, i -> row[Events.id] = i; row[Events.at] = INSTANTS[i]; row[Events.seen] = null })
        db.list(select(Events.at, Events.seen).from(Events).orderBy(Events.id.asc())) shouldBe INSTANTS.map { it to null }
        conn.query("SELECT at::text FROM dsl_instant.events WHERE id = 1").rows[0].getString(0) shouldBe "2026-12-08 10:15:30.123456+00"
        conn.query("SELECT at::text FROM dsl_instant.events WHERE id = 6").rows[0].getString(0) shouldBe "infinity"
        conn.query("SELECT at::text FROM dsl_instant.events WHERE id = 7").rows[0].getString(0) shouldBe "-infinity"
    }

    test("comparisons bind instants, and rows written as OffsetDateTime read back as the same instants") {
        conn.query("INSERT INTO dsl_instant.events VALUES (1, \$1, \$2), (2, \$3, NULL)", OffsetDateTime.parse("2026-06-01T12:00:00+02:00"), Instant.EPOCH, OffsetDateTime.parse("2026-06-02T00:00:00-05:00"))
        db.list(select(Events.id).from(Events).where(Events.at gt Instant.parse("2026-06-01T11:00:00Z"))) shouldBe listOf(2)
        db.list(select(Events.id).from(Events).where(Events.at lte Instant.parse("2026-06-01T10:00:00Z"))) shouldBe listOf(1)
        db.single(select(Events.at).from(Events).where(Events.id eq 2)) shouldBe Instant.parse("2026-06-02T05:00:00Z")
        db.single(select(Events.seen).from(Events).where(Events.id eq 1)) shouldBe Instant.EPOCH
        db.list(rawSql("SELECT id FROM dsl_instant.events WHERE at < ?", Instant.parse("2026-06-01T10:00:01Z")).asQuery(Events.id)) shouldBe listOf(1)
    }

    test("1,000 rows of instants go through the COPY path and read back the same") {
        val ids = (0 until InsertCopy.MIN_ROWS).toList()
        fun at(i: Int): Instant = INSTANTS[i % INSTANTS.size].let { if (it == Instant.MAX || it == Instant.MIN) it else it.plusNanos(i * 1000L) }
        val ops = log.during { db.execute(Events.insertAll(ids) { row, i -> row[Events.id] = i; row[Events.at] = at(i); row[Events.seen] = if (i % 3 == 0) null else Instant.EPOCH }) }
        ops.any { it.kind == PgOperationKind.COPY_IN } shouldBe true
        db.list(select(Events.id, Events.at, Events.seen).from(Events).orderBy(Events.id.asc())) shouldBe
            ids.map { Triple(it, at(it), if (it % 3 == 0) null else Instant.EPOCH) }
    }

    test("an instant column over a timestamp without time zone is refused when read, typed") {
        conn.simpleQuery("CREATE TABLE dsl_instant.local_events (at timestamp NOT NULL); INSERT INTO dsl_instant.local_events VALUES ('2026-01-01 00:00')")
        shouldThrow<TypeMismatchException> { db.list(select(LocalEvents.at).from(LocalEvents)) }
        db.single(select(countAll()).from(Events)) shouldBe 0L
    }
})
