package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.flow
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.PgConnection
import io.databridge.pg.types.PgInet
import io.databridge.pg.types.PgInterval
import io.databridge.pg.types.PgRange
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.Contextual
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import java.math.BigDecimal
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.time.OffsetDateTime
import java.time.OffsetTime
import java.time.ZoneOffset
import java.util.UUID

private object Ledger : Table("ledger") {
    val id = int4("id").primaryKey()
    val amount = numeric("amount", 12, 2)
    val fee = numeric("fee").nullable()
    val ref = uuid("ref")
    val day = date("day")
    val at = timestamptz("at")
    val local = timestamp("local")
    val timeOfDay = time("time")
    val tags = array("tags", PgTypes.text)
    val scores = array("scores", PgTypes.int4).nullable()
    val mood = enumeration<Mood>("mood", "ledger_mood")
    val moodText = text("mood_text")
    val prefs = jsonb<Prefs>("prefs")
    val extra = jsonb<Prefs>("extra").nullable()
    val raw = jsonbElement("raw")
    val span = int4range("span")
    val note = text("note").nullable()
    val big = int8("big")
    val flag = bool("flag")
    val ratio = float8("ratio")
    val zoned = timetz("zoned")
    val pause = interval("pause")
    val small = int2("small")
    val real = float4("real")
    val host = inet("host").nullable()
}

/** Every kind of column the DSL has, as one data class: `@Contextual` for JVM types, nothing for Kotlin's own. */
@Serializable
private data class LedgerEntry(
    val id: Int,
    @Contextual val amount: BigDecimal,
    @Contextual val fee: BigDecimal?,
    @Contextual val ref: UUID,
    @Contextual val day: LocalDate,
    @Contextual val at: OffsetDateTime,
    @Contextual val local: LocalDateTime,
    @Contextual val time: LocalTime,
    val tags: List<String>,
    val scores: List<Int>?,
    val mood: Mood,
    @kotlinx.serialization.SerialName("mood_text") val moodText: Mood,
    val prefs: Prefs,
    val extra: Prefs?,
    val raw: JsonElement,
    @Contextual val span: PgRange<Int>,
    val note: String?,
    val big: Long,
    val flag: Boolean,
    val ratio: Double,
    @Contextual val zoned: OffsetTime,
    @Contextual val pause: PgInterval,
    val small: Short,
    val real: Float,
    @Contextual val host: PgInet?,
)

@Serializable
private data class Money(val id: Int, @Contextual val amount: BigDecimal)

@Serializable
private data class Strict(val id: Int, @Contextual val fee: BigDecimal)

private val at = OffsetDateTime.of(2026, 12, 7, 8, 30, 0, 0, ZoneOffset.UTC)

private val full = LedgerEntry(
    1, BigDecimal("1234.50"), BigDecimal("0.125"), UUID(1, 2), LocalDate.of(2026, 12, 7), at, LocalDateTime.of(2026, 1, 2, 3, 4, 5),
    LocalTime.of(23, 59, 58), listOf("a", "b\"c"), listOf(1, 2, 3), Mood.SAD, Mood.HAPPY, Prefs("dark", 12), Prefs("light", 9),
    buildJsonObject { put("k", JsonPrimitive(1)) }, PgRange.closedOpen(1, 5), "hello", 9_000_000_000L, true, 0.5,
    OffsetTime.of(10, 11, 12, 0, ZoneOffset.ofHours(2)), PgInterval(14, 3, 4_000_005), 7, 1.5f, PgInet.parse("192.168.0.1/24"),
)
private val sparse = full.copy(id = 2, fee = null, scores = null, extra = null, note = null, host = null)

private fun insertEntry(e: LedgerEntry) = Ledger.insert {
    it[Ledger.id] = e.id; it[Ledger.amount] = e.amount; it[Ledger.fee] = e.fee; it[Ledger.ref] = e.ref; it[Ledger.day] = e.day
    it[Ledger.at] = e.at; it[Ledger.local] = e.local; it[Ledger.timeOfDay] = e.time; it[Ledger.tags] = e.tags; it[Ledger.scores] = e.scores
    it[Ledger.mood] = e.mood; it[Ledger.moodText] = e.moodText.name; it[Ledger.prefs] = e.prefs; it[Ledger.extra] = e.extra
    it[Ledger.raw] = e.raw; it[Ledger.span] = e.span; it[Ledger.note] = e.note; it[Ledger.big] = e.big; it[Ledger.flag] = e.flag
    it[Ledger.ratio] = e.ratio; it[Ledger.zoned] = e.zoned; it[Ledger.pause] = e.pause; it[Ledger.small] = e.small
    it[Ledger.real] = e.real; it[Ledger.host] = e.host
}

class RowMappingSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_mapping CASCADE; CREATE SCHEMA dsl_mapping; SET search_path = dsl_mapping",
            "CREATE TYPE ledger_mood AS ENUM ('HAPPY', 'SAD')",
            """CREATE TABLE ledger (id int4 PRIMARY KEY, amount numeric(12,2) NOT NULL, fee numeric, ref uuid NOT NULL,
               day date NOT NULL, at timestamptz NOT NULL, local timestamp NOT NULL, time time NOT NULL, tags text[] NOT NULL,
               scores int4[], mood ledger_mood NOT NULL, mood_text text NOT NULL, prefs jsonb NOT NULL, extra jsonb,
               raw jsonb NOT NULL, span int4range NOT NULL, note text, big int8 NOT NULL, flag bool NOT NULL,
               ratio float8 NOT NULL, zoned timetz NOT NULL, pause interval NOT NULL, small int2 NOT NULL,
               real float4 NOT NULL, host inet)""",
        )
        db = conn.asSqlExecutor()
        db.execute(insertEntry(full))
        db.execute(insertEntry(sparse))
    }
    afterSpec {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_mapping CASCADE") }
    }

    test("mapTo fills every kind of property, nullable ones with NULL, on a select wider than 8 expressions") {
        db.list(Ledger.selectAll().orderBy(Ledger.id.asc()).mapTo<LedgerEntry>()) shouldBe listOf(full, sparse)
    }

    test("mapTo of a class with a @Contextual BigDecimal, the money case") {
        db.list(select(listOf(Ledger.id, Ledger.amount)).from(Ledger).orderBy(Ledger.id.asc()).mapTo<Money>()) shouldBe
            listOf(Money(1, BigDecimal("1234.50")), Money(2, BigDecimal("1234.50")))
    }

    test("a NULL for a non-null property throws UnexpectedNullException") {
        shouldThrow<UnexpectedNullException> { db.list(select(listOf(Ledger.id, Ledger.fee)).from(Ledger).where(Ledger.id eq 2).mapTo<Strict>()) }
    }

    test("map turns rows into the caller's values with typed access by column, for lists and flows alike") {
        data class Line(val id: Int, val amount: BigDecimal, val note: String?)
        val query = select(listOf(Ledger.id, Ledger.amount, Ledger.note)).from(Ledger).orderBy(Ledger.id.asc())
            .map { row -> Line(row[Ledger.id], row[Ledger.amount], row[Ledger.note]) }
        val expected = listOf(Line(1, BigDecimal("1234.50"), "hello"), Line(2, BigDecimal("1234.50"), null))
        db.list(query) shouldBe expected
        db.flow(query, fetchSize = 1).toList() shouldBe expected
        db.single(select(Ledger.id, Ledger.note).from(Ledger).where(Ledger.id eq 1).map { (id, note) -> "$id:$note" }) shouldBe "1:hello"
    }

    test("a wide select keeps typed access by column object") {
        val row = db.single(Ledger.selectAll().where(Ledger.id eq 1))
        val amount: BigDecimal = row[Ledger.amount]
        val scores: List<Int>? = row[Ledger.scores]
        amount shouldBe BigDecimal("1234.50")
        scores shouldBe listOf(1, 2, 3)
        row[Ledger.span] shouldBe PgRange.closedOpen(1, 5)
    }
})
