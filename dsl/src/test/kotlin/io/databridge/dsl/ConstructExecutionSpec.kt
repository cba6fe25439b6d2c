package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.types.PgTypes
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.databridge.pg.types.PgBox
import io.databridge.pg.types.PgPoint
import io.databridge.pg.types.PgPolygon
import io.databridge.pg.types.PgRange
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import java.math.BigDecimal
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.ZoneOffset

object Archive : Table("archive") {
    val id = int4("id").primaryKey()
    val name = text("name")
}

object Docs : Table("docs") {
    val id = int4("id").primaryKey()
    val prefs = json<Prefs>("prefs")
    val scores = array("scores", PgTypes.float8)
}

/** The column kinds [AllTypes] leaves out. */
object MoreKinds : Table("more_kinds") {
    val id = int4("id").primaryKey()
    val rawJsonb = jsonb("raw_jsonb")
    val element = jsonElement("element")
    val area = box("area")
    val outline = polygon("outline")
    val counts = int8range("counts")
    val during = tstzrange("during")
}

/**
 * Execution tests, with checked results, for the constructs [ExecutionSpec] does not run: aggregate FILTER, WITH on
 * data-modifying statements and data-modifying CTEs, ordered/limited set operations, raw SQL read as typed rows, and
 * every remaining operator, function, frame, join and clause of the DSL. Every test leaves the data as it found it.
 */
class ConstructExecutionSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_constructs CASCADE; CREATE SCHEMA dsl_constructs; SET search_path = dsl_constructs",
            *USERS_AND_ORDERS_DDL,
            "CREATE TABLE archive (id int4 PRIMARY KEY, name text NOT NULL)",
            "CREATE TABLE docs (id int4 PRIMARY KEY, prefs json NOT NULL, scores float8[] NOT NULL)",
            "CREATE TABLE more_kinds (id int4 PRIMARY KEY, raw_jsonb jsonb NOT NULL, element json NOT NULL, area box NOT NULL, " +
                "outline polygon NOT NULL, counts int8range NOT NULL, during tstzrange NOT NULL)",
            "INSERT INTO users VALUES (1, 'a@x', 'alice', 30, NULL), (2, 'b@x', 'bob', 20, 1), (3, 'c@x', ' carol ', NULL, 1)",
            "INSERT INTO orders VALUES (10, 1, 5.50, '{a,b}', '{\"k\":\"v\",\"n\":1}'), (11, 1, 12.00, '{b}', NULL), (12, 2, 7.25, '{c}', '{\"k\":\"w\"}')",
        )
        db = conn.asSqlExecutor()
    }
    afterSpec {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_constructs CASCADE") }
    }

    /** Runs [block] in a transaction that is rolled back, so data-modifying tests leave the fixture unchanged. */
    suspend fun <T> rolledBack(block: suspend () -> T): T {
        conn.simpleQuery("BEGIN")
        try {
            return block()
        } finally {
            conn.simpleQuery("ROLLBACK")
        }
    }

    fun dec(s: String) = BigDecimal(s)

    test("aggregate FILTER (WHERE …) on every aggregate, read through an 8-tuple") {
        val (adults, agedAfterFirst, ageSum, avgAge, unaged, bossed, ids, allOld) = db.single(
            select(
                countAll().filter(Users.age gt 25),
                count(Users.age).filter(Users.id gt 1),
                sum(Users.age).filter(Users.id lt 3),
                avg(Users.age.cast(PgTypes.float8)).filter(Users.id lt 3),
                min(Users.name).filter(Users.age.isNull()),
                stringAgg(Users.name, ",", Users.name.asc()).filter(Users.bossId.isNotNull()),
                arrayAgg(Users.id, Users.id.desc()).filter(Users.age.isNotNull()),
                boolAnd(Users.age gt 25).filter(Users.id eq 1),
            ).from(Users),
        )
        adults shouldBe 1L
        agedAfterFirst shouldBe 1L
        ageSum shouldBe 50L
        avgAge!!.compareTo(dec("25")) shouldBe 0
        unaged shouldBe " carol "
        bossed shouldBe " carol ,bob"
        ids shouldBe listOf(2, 1)
        allOld shouldBe true
        db.single(select(max(Users.age).filter(Users.id gt 99), countDistinct(Users.bossId).filter(Users.id gt 2)).from(Users)) shouldBe (null to 1L)
    }

    test("aggregate FILTER inside a window") {
        val tagged = Orders.tags containsAll listOf("b")
        db.list(
            select(Orders.id, sum(Orders.total).filter(tagged).over(Window().orderBy(Orders.id.asc())), countAll().filter(tagged).over())
                .from(Orders).orderBy(Orders.id.asc()),
        ) shouldBe listOf(Triple(10, dec("5.50"), 2L), Triple(11, dec("17.50"), 2L), Triple(12, dec("17.50"), 2L))
    }

    test("WITH on INSERT, UPDATE and DELETE, recursive too, with and without RETURNING") {
        val young = CteTable("young")
        val youngId = young.column("id", PgTypes.int4)
        val youngName = young.column("name", PgTypes.text)
        val youngDef = young.definedAs(select(Users.id, Users.name).from(Users).where(Users.age lt 25))
        val nums = CteTable("nums")
        val n = nums.column("n", PgTypes.int4)
        val numsDef = nums.definedAs(select(lit(100)).unionAll(select(n + 1).from(nums).where(n lt 104)))
        rolledBack {
            db.execute(Archive.insertFrom(listOf(Archive.id, Archive.name), select(youngId, youngName).from(young)).with(youngDef)) shouldBe 1L
            db.list(Archive.insertFrom(listOf(Archive.id, Archive.name), select(n, lit("n")).from(nums)).with(numsDef, recursive = true).returning(Archive.id)) shouldBe
                (100..104).toList()
            val renamed = Users.update(Users.id eq youngId) { it[Users.name] = youngName concat "!" }.from(young).with(youngDef)
            db.list(renamed.returning(Users.id, Users.name)) shouldBe listOf(2 to "bob!")
            db.execute(Archive.delete(Archive.id inQuery select(n).from(nums)).with(numsDef, recursive = true)) shouldBe 5L
            db.list(select(Archive.id, Archive.name).from(Archive)) shouldBe listOf(2 to "bob")
        }
        db.single(select(countAll()).from(Archive)) shouldBe 0L
    }

    test("data-modifying CTEs: INSERT … RETURNING and DELETE … RETURNING read by the outer select") {
        val added = CteTable("added")
        val addedId = added.column("id", PgTypes.int4)
        val addedName = added.column("name", PgTypes.text)
        val moved = CteTable("moved")
        val movedId = moved.column("id", PgTypes.int4)
        rolledBack {
            val inserted = select(addedId, addedName.upper()).from(added).orderBy(addedId.asc()).with(
                added.definedAs(
                    Archive.insertAll(listOf(7, 8, 9)) { row, i -> row[Archive.id] = i; row[Archive.name] = "n$i" }.returning(Archive.id, Archive.name),
                ),
            )
            db.list(inserted) shouldBe listOf(7 to "N7", 8 to "N8", 9 to "N9")
            db.single(select(countAll(), sum(movedId)).from(moved).with(moved.definedAs(Archive.delete(Archive.id gte 8).returning(Archive.id)))) shouldBe
                (2L to 17L)
            val gone = CteTable("gone")
            db.single(select(lit("ran")).with(gone.definedAs(Archive.delete(null)))) shouldBe "ran"
            db.single(select(countAll()).from(Archive)) shouldBe 0L
        }
    }

    test("ORDER BY, LIMIT and OFFSET on a whole set operation, and nested set operations") {
        val ids = select(Users.id).from(Users)
        val orderIds = select(Orders.id).from(Orders)
        db.list((ids union orderIds).orderBy(Users.id.desc()).limit(3).offset(1)) shouldBe listOf(11, 10, 3)
        db.list((select(Users.age).from(Users) unionAll select(Users.age).from(Users).where(Users.id eq 1)).orderBy(Users.age.asc(Nulls.FIRST))) shouldBe
            listOf(null, 20, 30, 30)
        val buyers = select(Orders.userId).from(Orders)
        db.list((buyers exceptAll select(Users.id).from(Users).where(Users.id eq 1)).orderBy(Orders.userId.asc())) shouldBe listOf(1, 2)
        db.list((buyers intersectAll select(Users.id).from(Users)).orderBy(Orders.userId.asc())) shouldBe listOf(1, 2)
        val firstTwo = (ids union orderIds).orderBy(Users.id.asc()).limit(2)
        db.list((firstTwo unionAll (orderIds except select(Orders.id).from(Orders).where(Orders.id gt 10))).orderBy(Users.id.desc())) shouldBe
            listOf(10, 2, 1)
        val label = Users.name.trim().alias("label")
        db.list((select(label).from(Users) union select(Users.email).from(Users).where(Users.id eq 1)).orderBy(label.asc()).offset(3)) shouldBe
            listOf("carol")
    }

    test("raw SQL returns the same typed rows, tuples, ResultRows and mapTo") {
        db.list(rawSql("SELECT id, name FROM users WHERE id <= ? ORDER BY id", 2).asQuery(Users.id, Users.name)) shouldBe listOf(1 to "alice", 2 to "bob")
        db.single(rawSql("SELECT age FROM users WHERE id = ?", 3).asQuery(Users.age)) shouldBe null
        db.single(rawSql("SELECT users.id, age, total FROM users JOIN orders ON user_id = users.id WHERE orders.id = ?", 12).asQuery(Users.id, Users.age, Orders.total)) shouldBe
            Triple(2, 20, dec("7.25"))
        val orders = countAll().alias("orders")
        val views = rawSql("SELECT id, name, age, (SELECT count(*) FROM orders WHERE user_id = users.id) AS orders FROM users ORDER BY id")
            .asQuery(listOf(Users.id, Users.name, Users.age, orders))
        db.list(views).map { it[orders] } shouldBe listOf(2L, 1L, 0L)
        db.list(views.mapTo<UserView>()) shouldBe listOf(UserView(1, "alice", 30, 2), UserView(2, "bob", 20, 1), UserView(3, " carol ", null, 0))
        shouldThrow<UnexpectedNullException> { db.list(rawSql("SELECT NULL::text").asQuery(Users.name)) }
    }

    test("comparisons, boolean logic, arithmetic and the LIKE family") {
        db.list(select(Users.id).from(Users).where(Users.id neq 2).orderBy(Users.id.asc())) shouldBe listOf(1, 3)
        db.list(select(Users.id).from(Users).where((Users.id lt 2) or (Users.id gte 3)).orderBy(Users.id.asc())) shouldBe listOf(1, 3)
        db.list(select(Users.id).from(Users).where(not(Users.id lte 2))) shouldBe listOf(3)
        db.list(select(Users.id).from(Users).where(allOf(Users.id gt 1, Users.age.isNotNull()))) shouldBe listOf(2)
        db.list(select(Users.id).from(Users).where(anyOf(Users.age.isNull(), Users.id eq 1)).orderBy(Users.id.asc())) shouldBe listOf(1, 3)
        db.single(select(Users.age - 5, Users.age / 7, Users.age - Users.id, Users.age / Users.id).from(Users).where(Users.id eq 2)) shouldBe
            Tuple4(15, 2, 18, 10)
        db.list(select(Users.id).from(Users).where((Users.name notLike "a%") and (Users.email notIlike "B%"))) shouldBe listOf(3)
        db.list(select(Users.id).from(Users).where(Users.age isNotDistinctFrom Users.bossId)) shouldBe emptyList()
        db.list(select(Users.id).from(Users).where(Users.age isNotDistinctFrom nullableParam(null, PgTypes.int4))) shouldBe listOf(3)
        db.list(select(Users.id).from(Users).where(Users.age isDistinctFrom Users.bossId).orderBy(Users.id.asc())) shouldBe listOf(1, 2, 3)
    }

    test("IN and NOT IN (lists, empty lists, subqueries), EXISTS and NOT EXISTS, BETWEEN, IS NULL") {
        db.list(select(Users.id).from(Users).where(Users.id notInList listOf(1, 2))) shouldBe listOf(3)
        db.list(select(Users.id).from(Users).where(Users.id inList emptyList())) shouldBe emptyList()
        db.list(select(Users.id).from(Users).where(Users.id notInList emptyList())).size shouldBe 3
        db.list(select(Users.id).from(Users).where(Users.id inQuery select(Orders.userId).from(Orders).where(Orders.total gt dec("6"))).orderBy(Users.id.asc())) shouldBe
            listOf(1, 2)
        db.list(select(Users.id).from(Users).where(notExists(select(Orders.id).from(Orders).where(Orders.userId eq Users.id)))) shouldBe listOf(3)
        db.list(select(Users.id).from(Users).where(Users.age.notBetween(21, 40))) shouldBe listOf(2)
        db.list(select(Users.id).from(Users).where(Users.age.isNull())) shouldBe listOf(3)
    }

    test("CASE without ELSE, nullable CAST, COALESCE, functions") {
        db.list(select(case(Users.age gt 25, lit("old")).end(), Users.age.castNullable(PgTypes.text)).from(Users).orderBy(Users.id.asc())) shouldBe
            listOf("old" to "30", null to "20", null to null)
        db.list(select(coalesce(Users.age, Users.bossId), Users.name.trim(), Users.name.substring(2, 3)).from(Users).orderBy(Users.id.asc())) shouldBe
            listOf(Triple(30, "alice", "lic"), Triple(20, "bob", "ob"), Triple(1, "carol", "car"))
        db.single(select(lit(-4).abs(), lit(dec("2.345")).round(2), function("md5", PgTypes.text, "x"))) shouldBe
            Triple(4, dec("2.35"), "9dd4e461268c8034f5c8564e155c67a6")
        val (started, today, uuid) = db.single(select(now(), currentDate(), randomUuid()))
        (started.isBefore(OffsetDateTime.now().plusMinutes(5)) && started.isAfter(OffsetDateTime.now().minusDays(2))) shouldBe true
        (today in LocalDate.now().minusDays(1)..LocalDate.now().plusDays(1)) shouldBe true
        uuid.version() shouldBe 4
    }

    test("count, sum of every numeric kind, and the typed JSON and float-array column") {
        rolledBack {
            db.execute(Docs.insert { it[Docs.id] = 1; it[Docs.prefs] = Prefs("dark", 12); it[Docs.scores] = listOf(1.5, 2.5) }) shouldBe 1L
            db.single(select(Docs.prefs, Docs.scores).from(Docs)) shouldBe (Prefs("dark", 12) to listOf(1.5, 2.5))
            db.single(select(sum(lit(2.5)), sum(Users.id.cast(PgTypes.int8)), count(Users.age)).from(Users)) shouldBe Triple(7.5, dec("6"), 2L)
        }
    }

    test("the remaining column kinds: raw jsonb, json element, box, polygon, int8range, tstzrange") {
        val element = buildJsonObject { put("k", JsonPrimitive("v")) }
        val area = PgBox(PgPoint(3.0, 4.0), PgPoint(1.0, 2.0))
        val outline = PgPolygon(listOf(PgPoint(0.0, 0.0), PgPoint(1.0, 0.0), PgPoint(0.0, 1.0)))
        val start = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
        rolledBack {
            db.execute(
                MoreKinds.insert {
                    it[MoreKinds.id] = 1; it[MoreKinds.rawJsonb] = "{\"b\": 1,  \"a\": [true]}"; it[MoreKinds.element] = element
                    it[MoreKinds.area] = area; it[MoreKinds.outline] = outline; it[MoreKinds.counts] = PgRange.closedOpen(1L, 10L)
                    it[MoreKinds.during] = PgRange.closedOpen(start, start.plusHours(2))
                },
            ) shouldBe 1L
            val row = db.single(MoreKinds.selectAll())
            row[MoreKinds.rawJsonb] shouldBe "{\"a\": [true], \"b\": 1}"
            row[MoreKinds.element] shouldBe element
            row[MoreKinds.area] shouldBe area
            row[MoreKinds.outline] shouldBe outline
            row[MoreKinds.counts] shouldBe PgRange.closedOpen(1L, 10L)
            row[MoreKinds.during] shouldBe PgRange.closedOpen(start, start.plusHours(2))
        }
    }

    test("window functions: rank, dense_rank, lead and every frame kind") {
        val byTotal = Window().orderBy(Orders.userId.asc())
        db.list(select(Orders.id, rank().over(byTotal), denseRank().over(byTotal), lead(Orders.id).over(Window().orderBy(Orders.id.asc()))).from(Orders).orderBy(Orders.id.asc())) shouldBe
            listOf(Tuple4(10, 1L, 1L, 11), Tuple4(11, 1L, 1L, 12), Tuple4(12, 3L, 2L, null))
        val ordered = Window().orderBy(Orders.id.asc())
        db.list(
            select(
                Orders.id,
                sum(Orders.total).over(ordered.rows(FrameBound.CurrentRow, FrameBound.following(1))),
                sum(Orders.total).over(ordered.range(FrameBound.UnboundedPreceding, FrameBound.UnboundedFollowing)),
                count(Orders.id).over(Window().orderBy(Orders.userId.asc()).groups(FrameBound.CurrentRow, FrameBound.UnboundedFollowing)),
                count(Orders.id).over(Window().orderBy(Orders.userId.asc()).groups(FrameBound.preceding(1))),
            ).from(Orders).orderBy(Orders.id.asc()),
        ) shouldBe listOf(
            Tuple5(10, dec("17.50"), dec("24.75"), 3L, 2L),
            Tuple5(11, dec("19.25"), dec("24.75"), 3L, 2L),
            Tuple5(12, dec("7.25"), dec("24.75"), 1L, 3L),
        )
    }

    test("ORDER BY NULLS FIRST/LAST, a plain CTE, and 6- and 7-tuples") {
        db.list(select(Users.id).from(Users).orderBy(Users.age.asc(Nulls.FIRST))) shouldBe listOf(3, 2, 1)
        db.list(select(Users.id).from(Users).orderBy(Users.age.desc(Nulls.LAST))) shouldBe listOf(1, 2, 3)
        val adults = CteTable("adults")
        val adultId = adults.column("id", PgTypes.int4)
        db.list(select(adultId).from(adults).orderBy(adultId.asc()).with(adults.definedAs(select(Users.id).from(Users).where(Users.age gte 18)))) shouldBe listOf(1, 2)
        val q = select(Users.id, Users.email, Users.name, Users.age, Users.bossId, lit(6)).from(Users).where(Users.id eq 2)
        db.single(q) shouldBe Tuple6(2, "b@x", "bob", 20, 1, 6)
        val (a, _, _, _, _, _, g) = db.single(select(Users.id, Users.email, Users.name, Users.age, Users.bossId, lit(6), lit("7")).from(Users).where(Users.id eq 1))
        (a to g) shouldBe (1 to "7")
    }

    test("RIGHT, FULL and plain CROSS joins read their nullable sides as null") {
        rolledBack {
            conn.simpleQuery("ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey; INSERT INTO orders VALUES (13, 9, 1.00, '{}', NULL)")
            val u = Users.orNull()
            db.list(select(u[Users.name], Orders.id).from(Users).rightJoin(Orders, Users.id eq Orders.userId).orderBy(Orders.id.asc())) shouldBe
                listOf("alice" to 10, "alice" to 11, "bob" to 12, null to 13)
            val o = Orders.orNull()
            db.list(select(u[Users.id], o[Orders.id]).from(Users).fullJoin(o, Users.id eq Orders.userId).orderBy(Users.id.asc(Nulls.LAST), o[Orders.id].asc())) shouldBe
                listOf(1 to 10, 1 to 11, 2 to 12, 3 to null, null to 13)
        }
        db.list(select(Users.id, Archive.id).from(Users).crossJoin(Archive)) shouldBe emptyList()
        db.single(select(countAll()).from(Users).crossJoin(Orders)) shouldBe 9L
    }

    test("ON CONFLICT (columns) DO NOTHING, ON CONSTRAINT DO NOTHING, plain UPDATE and DELETE, RETURNING a ResultRow") {
        rolledBack {
            val dupe = Users.insert { it[Users.id] = 1; it[Users.email] = "new@x"; it[Users.name] = "dupe" }
            db.execute(dupe.onConflictDoNothing(Users.id)) shouldBe 0L
            db.execute(dupe.onConstraintDoNothing("users_pkey")) shouldBe 0L
            shouldThrow<io.databridge.pg.errors.PgServerException> { db.execute(dupe.onConflictDoNothing(Users.email)) }
        }
        rolledBack {
            db.execute(Users.update(Users.age.isNull()) { it[Users.age] = 1 }) shouldBe 1L
            db.execute(Users.update(null) { it[Users.age] = Users.age + 1 }) shouldBe 3L
            db.list(select(Users.age).from(Users).orderBy(Users.id.asc())) shouldBe listOf(31, 21, 2)
            val row = db.single(Users.insert { it[Users.id] = 5; it[Users.email] = "e@x"; it[Users.name] = "eve" }.returning(listOf(Users.id, Users.age)))
            (row[Users.id] to row[Users.age]) shouldBe (5 to null)
            db.execute(Users.delete(Users.id eq 5)) shouldBe 1L
        }
        db.list(select(Users.age).from(Users).orderBy(Users.id.asc())) shouldBe listOf(30, 20, null)
    }

    test("jsonb field of a missing key reads as null") {
        db.list(select(Orders.meta.jsonField("n")).from(Orders).orderBy(Orders.id.asc())) shouldBe listOf(JsonPrimitive(1), null, null)
    }
})
