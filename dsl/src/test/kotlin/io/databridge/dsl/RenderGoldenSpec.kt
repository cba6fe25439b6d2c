package io.databridge.dsl

import io.databridge.dsl.types.PgTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject

object Audit : Table("audit", schema = "ops") {
    val id = int8("id")
}

class RenderGoldenSpec : FunSpec({
    val int4 = PgTypes.int4
    val int8 = PgTypes.int8
    val text = PgTypes.text

    test("select with where, order by, nulls, limit and offset") {
        val r = render(
            select(Users.id, Users.email).from(Users).where(Users.age gt 18)
                .orderBy(Users.email.asc(), Users.id.desc(Nulls.LAST), Users.age.asc(Nulls.FIRST)).limit(10).offset(20),
        )
        r.sql shouldBe "SELECT \"users\".\"id\", \"users\".\"email\" FROM \"users\" WHERE (\"users\".\"age\" > \$1::int4) " +
            "ORDER BY \"users\".\"email\", \"users\".\"id\" DESC NULLS LAST, \"users\".\"age\" NULLS FIRST LIMIT \$2::int8 OFFSET \$3::int8"
        r.parameters shouldBe listOf(p(18, int4), p(10L, int8), p(20L, int8))
    }

    test("schema-qualified table") {
        render(select(Audit.id).from(Audit)).sql shouldBe "SELECT \"audit\".\"id\" FROM \"ops\".\"audit\""
    }

    test("distinct, distinct on, group by and having") {
        render(select(Users.email).from(Users).distinct()).sql shouldBe "SELECT DISTINCT \"users\".\"email\" FROM \"users\""
        render(select(Users.age, Users.name).from(Users).distinctOn(Users.age).orderBy(Users.age.asc(), Users.name.asc())).sql shouldBe
            "SELECT DISTINCT ON (\"users\".\"age\") \"users\".\"age\", \"users\".\"name\" FROM \"users\" ORDER BY \"users\".\"age\", \"users\".\"name\""
        val g = render(select(Users.age, countAll()).from(Users).groupBy(Users.age).having(countAll() gt 1L))
        g.sql shouldBe "SELECT \"users\".\"age\", count(*) FROM \"users\" GROUP BY \"users\".\"age\" HAVING (count(*) > \$1::int8)"
        g.parameters shouldBe listOf(p(1L, int8))
    }

    test("row locking clauses") {
        render(select(Users.id).from(Users).forUpdate(LockWait.SKIP_LOCKED)).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" FOR UPDATE SKIP LOCKED"
        render(select(Users.id).from(Users).forShare(LockWait.NOWAIT)).sql shouldBe "SELECT \"users\".\"id\" FROM \"users\" FOR SHARE NOWAIT"
        render(select(Users.id).from(Users).locking(Locking(LockStrength.KEY_SHARE))).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" FOR KEY SHARE"
    }

    test("boolean logic and LIKE family") {
        val r = render(
            select(Users.id).from(Users).where(
                (Users.age gte 18) and ((Users.name like "A%") or not(Users.email ilike "%x")) and
                    (Users.name notLike "B%") and (Users.name notIlike "c%"),
            ),
        )
        r.sql shouldBe "SELECT \"users\".\"id\" FROM \"users\" WHERE ((\"users\".\"age\" >= \$1::int4) AND ((\"users\".\"name\" LIKE \$2::text) OR " +
            "(NOT (\"users\".\"email\" ILIKE \$3::text))) AND (\"users\".\"name\" NOT LIKE \$4::text) AND (\"users\".\"name\" NOT ILIKE \$5::text))"
        r.parameters shouldBe listOf(p(18, int4), p("A%", text), p("%x", text), p("B%", text), p("c%", text))
        render(select(Users.id).where(allOf(Users.id eq 1, Users.id neq 2, Users.id lte 3))).sql shouldBe
            "SELECT \"users\".\"id\" WHERE ((\"users\".\"id\" = \$1::int4) AND (\"users\".\"id\" <> \$2::int4) AND (\"users\".\"id\" <= \$3::int4))"
        render(select(Users.id).where(anyOf(Users.id lt 1, Users.age isDistinctFrom 2))).sql shouldBe
            "SELECT \"users\".\"id\" WHERE ((\"users\".\"id\" < \$1::int4) OR (\"users\".\"age\" IS DISTINCT FROM \$2::int4))"
    }

    test("arithmetic and concatenation") {
        val r = render(select(Users.age + 1, Users.age * Users.age, Users.id % 2, Users.name concat "!", Users.id - Users.id, Users.id / 3))
        r.sql shouldBe "SELECT (\"users\".\"age\" + \$1::int4), (\"users\".\"age\" * \"users\".\"age\"), (\"users\".\"id\" % \$2::int4), " +
            "(\"users\".\"name\" || \$3::text), (\"users\".\"id\" - \"users\".\"id\"), (\"users\".\"id\" / \$4::int4)"
        r.parameters shouldBe listOf(p(1, int4), p(2, int4), p("!", text), p(3, int4))
    }

    test("IN, EXISTS, BETWEEN, IS NULL, IS NOT DISTINCT FROM") {
        render(select(Users.id).where(Users.id inList listOf(1, 2, 3))).sql shouldBe
            "SELECT \"users\".\"id\" WHERE (\"users\".\"id\" IN (\$1::int4, \$2::int4, \$3::int4))"
        render(select(Users.id).where(Users.id inList emptyList())).sql shouldBe "SELECT \"users\".\"id\" WHERE FALSE"
        render(select(Users.id).where(Users.id notInList emptyList())).sql shouldBe "SELECT \"users\".\"id\" WHERE TRUE"
        render(select(Users.id).where(Users.id notInList listOf(4))).sql shouldBe "SELECT \"users\".\"id\" WHERE (\"users\".\"id\" NOT IN (\$1::int4))"
        render(select(Users.id).from(Users).where(Users.id inQuery select(Orders.userId).from(Orders))).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"id\" IN (SELECT \"orders\".\"user_id\" FROM \"orders\"))"
        render(select(Users.id).from(Users).where(notExists(select(Orders.id).from(Orders).where(Orders.userId eq Users.id)))).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" WHERE (NOT EXISTS (SELECT \"orders\".\"id\" FROM \"orders\" WHERE (\"orders\".\"user_id\" = \"users\".\"id\")))"
        val b = render(select(Users.id).where(Users.age.between(18, 65) and Users.age.notBetween(30, 31)))
        b.sql shouldBe "SELECT \"users\".\"id\" WHERE ((\"users\".\"age\" BETWEEN \$1::int4 AND \$2::int4) AND (\"users\".\"age\" NOT BETWEEN \$3::int4 AND \$4::int4))"
        b.parameters shouldBe listOf(p(18, int4), p(65, int4), p(30, int4), p(31, int4))
        render(select(Users.id).where(Users.age.isNull() or Users.bossId.isNotNull() or (Users.age isNotDistinctFrom Users.bossId))).sql shouldBe
            "SELECT \"users\".\"id\" WHERE ((\"users\".\"age\" IS NULL) OR (\"users\".\"boss_id\" IS NOT NULL) OR (\"users\".\"age\" IS NOT DISTINCT FROM \"users\".\"boss_id\"))"
    }

    test("CASE, CAST, COALESCE, NULLIF and functions") {
        val r = render(select(case(Users.age lt 18, lit("minor")).whenThen(Users.age lt 65, "adult").otherwise("senior")))
        r.sql shouldBe "SELECT CASE WHEN (\"users\".\"age\" < \$1::int4) THEN \$2::text WHEN (\"users\".\"age\" < \$3::int4) THEN \$4::text ELSE \$5::text END"
        r.parameters shouldBe listOf(p(18, int4), p("minor", text), p(65, int4), p("adult", text), p("senior", text))
        render(select(case(Users.age lt 18, lit(1)).end())).sql shouldBe "SELECT CASE WHEN (\"users\".\"age\" < \$1::int4) THEN \$2::int4 END"
        render(select(Users.id.cast(PgTypes.text), Users.id.cast(PgTypes.numeric(10, 2)), Users.age.ifNull(0), Users.name.nullIf(""))).sql shouldBe
            "SELECT CAST(\"users\".\"id\" AS text), CAST(\"users\".\"id\" AS numeric(10,2)), coalesce(\"users\".\"age\", \$1::int4), nullif(\"users\".\"name\", \$2::text)"
        render(select(coalesce(Users.age, Users.bossId), Users.email.lower(), Users.email.upper(), Users.name.length(), Users.id.abs())).sql shouldBe
            "SELECT coalesce(\"users\".\"age\", \"users\".\"boss_id\"), lower(\"users\".\"email\"), upper(\"users\".\"email\"), length(\"users\".\"name\"), abs(\"users\".\"id\")"
        render(select(now(), currentDate(), lit(java.math.BigDecimal("1.25")).round(1), Users.name.substring(1, 2), Users.name.trim())).sql shouldBe
            "SELECT now(), CURRENT_DATE, round(\$1::numeric, \$2::int4), substr(\"users\".\"name\", \$3::int4, \$4::int4), btrim(\"users\".\"name\")"
        render(select(function("md5", PgTypes.text, Users.name, "salt"))).sql shouldBe "SELECT md5(\"users\".\"name\", \$1::text)"
    }

    test("aggregates") {
        render(
            select(sum(Users.age), avg(Users.age), min(Users.name), max(Users.age), countDistinct(Users.age), count(Users.age), boolAnd(Users.age gt 1), boolOr(Users.age gt 2)),
        ).sql shouldBe "SELECT sum(\"users\".\"age\"), avg(\"users\".\"age\"), min(\"users\".\"name\"), max(\"users\".\"age\"), " +
            "count(DISTINCT \"users\".\"age\"), count(\"users\".\"age\"), bool_and((\"users\".\"age\" > \$1::int4)), bool_or((\"users\".\"age\" > \$2::int4))"
        render(select(stringAgg(Users.name, ",", Users.name.desc()), arrayAgg(Users.id, Users.id.asc()))).sql shouldBe
            "SELECT string_agg(\"users\".\"name\", \$1::text ORDER BY \"users\".\"name\" DESC), array_agg(\"users\".\"id\" ORDER BY \"users\".\"id\")"
        sum(Users.age).pgType shouldBe PgTypes.int8
        sum(Orders.total).pgType shouldBe PgTypes.numeric(10, 2)
    }

    test("window functions with partitions and frames") {
        render(select(rowNumber().over(Window().partitionBy(Users.age).orderBy(Users.id.desc())))).sql shouldBe
            "SELECT row_number() OVER (PARTITION BY \"users\".\"age\" ORDER BY \"users\".\"id\" DESC)"
        val r = render(select(sum(Users.age).over(Window().orderBy(Users.id.asc()).rows(FrameBound.preceding(2)))))
        r.sql shouldBe "SELECT sum(\"users\".\"age\") OVER (ORDER BY \"users\".\"id\" ROWS BETWEEN \$1::int8 PRECEDING AND CURRENT ROW)"
        r.parameters shouldBe listOf(p(2L, int8))
        render(select(rank().over(), denseRank().over(Window().orderBy(Users.age.asc()).range(FrameBound.UnboundedPreceding, FrameBound.UnboundedFollowing)))).sql shouldBe
            "SELECT rank() OVER (), dense_rank() OVER (ORDER BY \"users\".\"age\" RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
        render(select(lag(Users.id).over(Window().orderBy(Users.id.asc()).groups(FrameBound.CurrentRow, FrameBound.following(1))))).sql shouldBe
            "SELECT lag(\"users\".\"id\", \$1::int4) OVER (ORDER BY \"users\".\"id\" GROUPS BETWEEN CURRENT ROW AND \$2::int8 FOLLOWING)"
    }

    test("jsonb and array operators") {
        val obj = buildJsonObject { put("a", JsonPrimitive(1)) }
        val r = render(
            select(Orders.meta.jsonText("k"), Orders.meta.jsonField("o"), Orders.meta.jsonPath("a", "b"))
                .where(Orders.meta.jsonContains(obj) and Orders.meta.hasKey("k")),
        )
        r.sql shouldBe "SELECT (\"orders\".\"meta\" ->> \$1::text), (\"orders\".\"meta\" -> \$2::text), (\"orders\".\"meta\" #> \$3::text[]) " +
            "WHERE ((\"orders\".\"meta\" @> \$4::jsonb) AND (\"orders\".\"meta\" ? \$5::text))"
        r.parameters shouldBe listOf(p("k", text), p("o", text), p(listOf("a", "b"), PgTypes.array(text)), p(obj, PgTypes.jsonbElement), p("k", text))
        val a = render(
            select(Orders.id).where((Orders.tags containsAll listOf("x")) and (Orders.tags overlaps listOf("y", "z")) and
                (Orders.id eqAny listOf(1, 2)) and (lit("x") eqAny Orders.tags) and (lit("x") eqAll Orders.tags)),
        )
        a.sql shouldBe "SELECT \"orders\".\"id\" WHERE ((\"orders\".\"tags\" @> \$1::text[]) AND (\"orders\".\"tags\" && \$2::text[]) AND " +
            "(\"orders\".\"id\" = ANY(\$3::int4[])) AND (\$4::text = ANY(\"orders\".\"tags\")) AND (\$5::text = ALL(\"orders\".\"tags\")))"
        a.parameters[2] shouldBe p(listOf(1, 2), PgTypes.arrayOfNullable(int4))
    }

    test("custom SQL fragment binds its values") {
        val r = render(select(sql(PgTypes.int4, "width * ? + ?", 3, Users.id), sql(PgTypes.bool, "? ?? 'k'", Orders.meta)))
        r.sql shouldBe "SELECT (width * \$1::int4 + \"users\".\"id\"), (\"orders\".\"meta\" ? 'k')"
        r.parameters shouldBe listOf(p(3, int4))
    }

    test("joins of every kind, aliases, nullable sides") {
        val o = Orders.orNull()
        render(select(Users.name, o[Orders.total]).from(Users).leftJoin(o, Users.id eq Orders.userId)).sql shouldBe
            "SELECT \"users\".\"name\", \"orders\".\"total\" FROM \"users\" LEFT JOIN \"orders\" ON (\"users\".\"id\" = \"orders\".\"user_id\")"
        val boss = Users.alias("boss")
        render(select(Users.name, boss[Users.name]).from(Users).innerJoin(boss, Users.bossId eq boss[Users.id])).sql shouldBe
            "SELECT \"users\".\"name\", \"boss\".\"name\" FROM \"users\" JOIN \"users\" AS \"boss\" ON (\"users\".\"boss_id\" = \"boss\".\"id\")"
        render(select(Users.orNull()[Users.id]).from(Users).rightJoin(Orders, Users.id eq Orders.userId).fullJoin(boss.orNull(), boss[Users.id] eq Users.bossId).crossJoin(Audit)).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" RIGHT JOIN \"orders\" ON (\"users\".\"id\" = \"orders\".\"user_id\") " +
            "FULL JOIN \"users\" AS \"boss\" ON (\"boss\".\"id\" = \"users\".\"boss_id\") CROSS JOIN \"ops\".\"audit\""
    }

    test("subqueries in FROM, LATERAL and as scalar expressions") {
        val n = countAll().alias("n")
        val s = select(Users.age, n).from(Users).groupBy(Users.age).asSubquery("s")
        val r = render(select(s[Users.age], s[n]).from(s).where(s[n] gt 1L))
        r.sql shouldBe "SELECT \"s\".\"age\", \"s\".\"n\" FROM (SELECT \"users\".\"age\", count(*) AS \"n\" FROM \"users\" GROUP BY \"users\".\"age\") AS \"s\" WHERE (\"s\".\"n\" > \$1::int8)"
        val last = select(Orders.total).from(Orders).where(Orders.userId eq Users.id).orderBy(Orders.id.desc()).limit(1).asLateral("last")
        render(select(Users.name, last[Orders.total]).from(Users).crossJoin(last)).sql shouldBe
            "SELECT \"users\".\"name\", \"last\".\"total\" FROM \"users\" CROSS JOIN LATERAL (SELECT \"orders\".\"total\" FROM \"orders\" " +
            "WHERE (\"orders\".\"user_id\" = \"users\".\"id\") ORDER BY \"orders\".\"id\" DESC LIMIT \$1::int8) AS \"last\""
        render(select(Users.name, select(countAll()).from(Orders).where(Orders.userId eq Users.id).asExpr()).from(Users)).sql shouldBe
            "SELECT \"users\".\"name\", (SELECT count(*) FROM \"orders\" WHERE (\"orders\".\"user_id\" = \"users\".\"id\")) FROM \"users\""
    }

    test("recursive CTE and set operations") {
        val nums = CteTable("nums")
        val n = nums.column("n", PgTypes.int4)
        val q = select(sum(n)).from(nums).with(nums.definedAs(select(lit(1)).unionAll(select(n + 1).from(nums).where(n lt 10))), recursive = true)
        val r = render(q)
        r.sql shouldBe "WITH RECURSIVE \"nums\"(\"n\") AS ((SELECT \$1::int4) UNION ALL (SELECT (\"nums\".\"n\" + \$2::int4) FROM \"nums\" WHERE (\"nums\".\"n\" < \$3::int4))) " +
            "SELECT sum(\"nums\".\"n\") FROM \"nums\""
        r.parameters shouldBe listOf(p(1, int4), p(1, int4), p(10, int4))
        val a = select(Users.id).from(Users)
        val b = select(Orders.userId).from(Orders)
        render(a union b).sql shouldBe "(SELECT \"users\".\"id\" FROM \"users\") UNION (SELECT \"orders\".\"user_id\" FROM \"orders\")"
        render(a intersectAll b).sql shouldBe "(SELECT \"users\".\"id\" FROM \"users\") INTERSECT ALL (SELECT \"orders\".\"user_id\" FROM \"orders\")"
        render((a except b) unionAll a).sql shouldBe
            "((SELECT \"users\".\"id\" FROM \"users\") EXCEPT (SELECT \"orders\".\"user_id\" FROM \"orders\")) UNION ALL (SELECT \"users\".\"id\" FROM \"users\")"
    }

    test("insert one row, many rows, from select") {
        val r = render(Users.insert { it[Users.id] = 1; it[Users.email] = "a@x"; it[Users.name] = "A"; it[Users.age] = null })
        r.sql shouldBe "INSERT INTO \"users\" (\"id\", \"email\", \"name\", \"age\") VALUES (\$1::int4, \$2::text, \$3::text, \$4::int4)"
        r.parameters shouldBe listOf(p(1, int4), p("a@x", text), p("A", text), p(null, int4))
        val many = render(Users.insertAll(listOf(1, 2)) { row, i -> row[Users.id] = i; row[Users.name] = "n$i" })
        many.sql shouldBe "INSERT INTO \"users\" (\"id\", \"name\") VALUES (\$1::int4, \$2::text), (\$3::int4, \$4::text)"
        many.parameters shouldBe listOf(p(1, int4), p("n1", text), p(2, int4), p("n2", text))
        val reordered = render(Users.insertAll(listOf(1, 2)) { row, i -> if (i == 1) row[Users.id] = i; row[Users.name] = "n$i"; if (i == 2) row[Users.id] = i })
        reordered.sql shouldBe many.sql
        reordered.parameters shouldBe many.parameters
        render(Users.insertFrom(listOf(Users.id, Users.email, Users.name), select(Orders.id, lit("x"), lit("y")).from(Orders))).sql shouldBe
            "INSERT INTO \"users\" (\"id\", \"email\", \"name\") SELECT \"orders\".\"id\", \$1::text, \$2::text FROM \"orders\""
    }

    test("upserts with EXCLUDED, WHERE and RETURNING") {
        val up = Users.insert { it[Users.id] = 1; it[Users.email] = "a@x"; it[Users.name] = "A" }
            .onConflictDoUpdate(Users.email, where = Users.age lt excluded(Users.age)) {
                it[Users.name] = excluded(Users.name)
                it[Users.age] = excluded(Users.age)
            }.returning(Users.id, Users.name)
        render(up).sql shouldBe "INSERT INTO \"users\" (\"id\", \"email\", \"name\") VALUES (\$1::int4, \$2::text, \$3::text) ON CONFLICT (\"email\") " +
            "DO UPDATE SET \"name\" = EXCLUDED.\"name\", \"age\" = EXCLUDED.\"age\" WHERE (\"users\".\"age\" < EXCLUDED.\"age\") " +
            "RETURNING \"users\".\"id\", \"users\".\"name\""
        val ins = Users.insert { it[Users.id] = 1 }
        render(ins.onConflictDoNothing()).sql shouldBe "INSERT INTO \"users\" (\"id\") VALUES (\$1::int4) ON CONFLICT DO NOTHING"
        render(ins.onConflictDoNothing(Users.id)).sql shouldBe "INSERT INTO \"users\" (\"id\") VALUES (\$1::int4) ON CONFLICT (\"id\") DO NOTHING"
        render(ins.onConstraintDoNothing("users_pkey")).sql shouldBe
            "INSERT INTO \"users\" (\"id\") VALUES (\$1::int4) ON CONFLICT ON CONSTRAINT \"users_pkey\" DO NOTHING"
        render(ins.onConstraintDoUpdate("users_pkey") { it[Users.age] = Users.age + 1 }).sql shouldBe
            "INSERT INTO \"users\" (\"id\") VALUES (\$1::int4) ON CONFLICT ON CONSTRAINT \"users_pkey\" DO UPDATE SET \"age\" = (\"users\".\"age\" + \$2::int4)"
    }

    test("update with FROM and delete with USING, with RETURNING") {
        val u = render(Users.update(Users.id eq Orders.userId) { it[Users.age] = Users.age + 1; it[Users.name] = "x" }.from(Orders).returning(Users.age))
        u.sql shouldBe "UPDATE \"users\" SET \"age\" = (\"users\".\"age\" + \$1::int4), \"name\" = \$2::text FROM \"orders\" WHERE (\"users\".\"id\" = \"orders\".\"user_id\") RETURNING \"users\".\"age\""
        u.parameters shouldBe listOf(p(1, int4), p("x", text))
        render(Users.delete(Users.id eq Orders.userId).using(Orders).returning(listOf(Users.id, Users.email))).sql shouldBe
            "DELETE FROM \"users\" USING \"orders\" WHERE (\"users\".\"id\" = \"orders\".\"user_id\") RETURNING \"users\".\"id\", \"users\".\"email\""
        render(Users.delete(null)).sql shouldBe "DELETE FROM \"users\""
    }

    test("raw SQL statement with bound parameters") {
        val r = render(rawSql("SELECT * FROM users WHERE id = ? AND name = ?", 1, "x"))
        r.sql shouldBe "SELECT * FROM users WHERE id = \$1::int4 AND name = \$2::text"
        r.parameters shouldBe listOf(p(1, int4), p("x", text))
    }

    test("aggregate FILTER (WHERE …), also inside a window and on a CAST avg") {
        val r = render(
            select(countAll().filter(Users.age gt 18), sum(Users.age).filter(Users.id lt 3), stringAgg(Users.name, ",", Users.name.asc()).filter(Users.age.isNotNull())),
        )
        r.sql shouldBe "SELECT count(*) FILTER (WHERE (\"users\".\"age\" > \$1::int4)), sum(\"users\".\"age\") FILTER (WHERE (\"users\".\"id\" < \$2::int4)), " +
            "string_agg(\"users\".\"name\", \$3::text ORDER BY \"users\".\"name\") FILTER (WHERE (\"users\".\"age\" IS NOT NULL))"
        r.parameters shouldBe listOf(p(18, int4), p(3, int4), p(",", text))
        render(select(avg(Users.age.cast(PgTypes.float8)).filter(Users.id gt 1))).sql shouldBe
            "SELECT CAST(avg(CAST(\"users\".\"age\" AS float8)) FILTER (WHERE (\"users\".\"id\" > \$1::int4)) AS numeric)"
        render(select(count(Users.age).filter(Users.id gt 1).over(Window().orderBy(Users.id.asc())))).sql shouldBe
            "SELECT count(\"users\".\"age\") FILTER (WHERE (\"users\".\"id\" > \$1::int4)) OVER (ORDER BY \"users\".\"id\")"
        render(select(countDistinct(Users.age).filter(Users.id gt 1).filter(Users.id lt 9))).sql shouldBe
            "SELECT count(DISTINCT \"users\".\"age\") FILTER (WHERE (\"users\".\"id\" < \$1::int4))"
        shouldThrow<InvalidQueryException> { Users.name.lower().filter(Users.id gt 1) }
        shouldThrow<InvalidQueryException> { rowNumber().filter(Users.id gt 1) }
    }

    test("WITH, recursive too, on INSERT, UPDATE and DELETE, and data-modifying CTEs") {
        val young = CteTable("young")
        val youngId = young.column("id", int4)
        val youngName = young.column("name", text)
        val youngDef = young.definedAs(select(Users.id, Users.name).from(Users).where(Users.age lt 25))
        val ins = render(Audit.insertFrom(listOf(Audit.id), select(youngId.cast(int8)).from(young)).with(youngDef))
        ins.sql shouldBe "WITH \"young\"(\"id\", \"name\") AS (SELECT \"users\".\"id\", \"users\".\"name\" FROM \"users\" WHERE (\"users\".\"age\" < \$1::int4)) " +
            "INSERT INTO \"ops\".\"audit\" (\"id\") SELECT CAST(\"young\".\"id\" AS int8) FROM \"young\""
        ins.parameters shouldBe listOf(p(25, int4))
        render(Users.update(Users.id eq youngId) { it[Users.name] = youngName concat "!" }.from(young).with(youngDef).returning(Users.id)).sql shouldBe
            "WITH \"young\"(\"id\", \"name\") AS (SELECT \"users\".\"id\", \"users\".\"name\" FROM \"users\" WHERE (\"users\".\"age\" < \$1::int4)) " +
            "UPDATE \"users\" SET \"name\" = (\"young\".\"name\" || \$2::text) FROM \"young\" WHERE (\"users\".\"id\" = \"young\".\"id\") RETURNING \"users\".\"id\""
        val nums = CteTable("nums")
        val n = nums.column("n", int4)
        val numsDef = nums.definedAs(select(lit(1)).unionAll(select(n + 1).from(nums).where(n lt 3)))
        render(Orders.delete(Orders.id inQuery select(n).from(nums)).with(numsDef, recursive = true)).sql shouldBe
            "WITH RECURSIVE \"nums\"(\"n\") AS ((SELECT \$1::int4) UNION ALL (SELECT (\"nums\".\"n\" + \$2::int4) FROM \"nums\" WHERE (\"nums\".\"n\" < \$3::int4))) " +
            "DELETE FROM \"orders\" WHERE (\"orders\".\"id\" IN (SELECT \"nums\".\"n\" FROM \"nums\"))"
        val moved = CteTable("moved")
        val movedId = moved.column("id", int4)
        render(select(countAll()).from(moved).with(moved.definedAs(Orders.delete(Orders.id gt 10).returning(Orders.id)))).sql shouldBe
            "WITH \"moved\"(\"id\") AS (DELETE FROM \"orders\" WHERE (\"orders\".\"id\" > \$1::int4) RETURNING \"orders\".\"id\") SELECT count(*) FROM \"moved\""
        render(select(movedId).from(moved).with(moved.definedAs(Users.insert { it[Users.id] = 7 }.returning(Users.id)))).sql shouldBe
            "WITH \"moved\"(\"id\") AS (INSERT INTO \"users\" (\"id\") VALUES (\$1::int4) RETURNING \"users\".\"id\") SELECT \"moved\".\"id\" FROM \"moved\""
        val gone = CteTable("gone")
        render(select(lit(1)).with(gone.definedAs(Orders.delete(null)))).sql shouldBe "WITH \"gone\" AS (DELETE FROM \"orders\") SELECT \$1::int4"
        shouldThrow<InvalidQueryException> { Users.delete(null).with() }
        shouldThrow<InvalidQueryException> { select(lit(1)).with() }
    }

    test("ORDER BY, LIMIT and OFFSET on a whole set operation; nested set operations keep their parentheses") {
        val a = select(Users.id, Users.name).from(Users)
        val b = select(Orders.id, Orders.userId.cast(text)).from(Orders)
        val r = render((a union b).orderBy(Users.name.desc(Nulls.LAST), Users.id.asc()).limit(5).offset(2))
        r.sql shouldBe "(SELECT \"users\".\"id\", \"users\".\"name\" FROM \"users\") UNION (SELECT \"orders\".\"id\", CAST(\"orders\".\"user_id\" AS text) FROM \"orders\") " +
            "ORDER BY 2 DESC NULLS LAST, 1 LIMIT \$1::int8 OFFSET \$2::int8"
        r.parameters shouldBe listOf(p(5L, int8), p(2L, int8))
        val ids = select(Users.id).from(Users)
        val buyers = select(Orders.userId).from(Orders)
        render(((ids except buyers).orderBy(Users.id.asc()).limit(1) unionAll (ids intersectAll buyers)).orderBy(Users.id.desc())).sql shouldBe
            "((SELECT \"users\".\"id\" FROM \"users\") EXCEPT (SELECT \"orders\".\"user_id\" FROM \"orders\") ORDER BY 1 LIMIT \$1::int8) UNION ALL " +
            "((SELECT \"users\".\"id\" FROM \"users\") INTERSECT ALL (SELECT \"orders\".\"user_id\" FROM \"orders\")) ORDER BY 1 DESC"
        val label = Users.name.upper().alias("label")
        render((select(label).from(Users) exceptAll select(Users.email).from(Users)).orderBy(label.asc())).sql shouldBe
            "(SELECT upper(\"users\".\"name\") AS \"label\" FROM \"users\") EXCEPT ALL (SELECT \"users\".\"email\" FROM \"users\") ORDER BY 1"
        shouldThrow<InvalidQueryException> { (ids union buyers).orderBy(Orders.userId.asc()) }
    }

    test("raw SQL read as typed rows renders like the raw statement") {
        val raw = rawSql("SELECT id, name FROM users WHERE age > ?", 18)
        render(raw.asQuery(Users.id, Users.name)) shouldBe render(raw)
        render(raw.asQuery(listOf(Users.id, Users.name, countAll().alias("orders"))).mapTo<UserView>()).sql shouldBe "SELECT id, name FROM users WHERE age > \$1::int4"
    }

    test("remaining constructs: EXISTS, nullable CAST, functions, locks, plain CTE, right-join nullability") {
        render(select(Users.id).from(Users).where(exists(select(Orders.id).from(Orders)))).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" WHERE (EXISTS (SELECT \"orders\".\"id\" FROM \"orders\"))"
        render(select(Users.age.castNullable(text), randomUuid(), lead(Users.id, 2).over(Window().orderBy(Users.id.asc())))).sql shouldBe
            "SELECT CAST(\"users\".\"age\" AS text), gen_random_uuid(), lead(\"users\".\"id\", \$1::int4) OVER (ORDER BY \"users\".\"id\")"
        render(select(Users.id).from(Users).forUpdate()).sql shouldBe "SELECT \"users\".\"id\" FROM \"users\" FOR UPDATE"
        render(select(Users.id).from(Users).locking(Locking(LockStrength.NO_KEY_UPDATE, LockWait.NOWAIT))).sql shouldBe
            "SELECT \"users\".\"id\" FROM \"users\" FOR NO KEY UPDATE NOWAIT"
        val adults = CteTable("adults")
        val adultId = adults.column("id", int4)
        render(select(adultId).from(adults).with(adults.definedAs(select(Users.id).from(Users).where(Users.age gte 18)))).sql shouldBe
            "WITH \"adults\"(\"id\") AS (SELECT \"users\".\"id\" FROM \"users\" WHERE (\"users\".\"age\" >= \$1::int4)) SELECT \"adults\".\"id\" FROM \"adults\""
        val u = Users.orNull()
        val right: SelectQuery<Pair<String?, Int>> = select(u[Users.name], Orders.id).from(Users).rightJoin(Orders, Users.id eq Orders.userId)
        render(right).sql shouldBe
            "SELECT \"users\".\"name\", \"orders\".\"id\" FROM \"users\" RIGHT JOIN \"orders\" ON (\"users\".\"id\" = \"orders\".\"user_id\")"
        render(rawSql("SELECT ?", param(Prefs("dark", 1), PgTypes.json<Prefs>()))).sql shouldBe "SELECT \$1::json"
    }

    test("misuse is refused with typed exceptions") {
        shouldThrow<InvalidQueryException> { rawSql("SELECT ?", 1, 2) }
        shouldThrow<InvalidQueryException> { Users.insert { } }
        shouldThrow<InvalidQueryException> { Users.insert { it[Orders.id] = 1 } }
        shouldThrow<InvalidQueryException> {
            Users.insertAll(listOf(1, 2)) { row, i -> row[Users.id] = i; if (i == 2) row[Users.name] = "x" }
        }
        shouldThrow<InvalidQueryException> { select(listOf(Users.id)) union select(listOf(Users.id, Users.name)) }
        shouldThrow<InvalidQueryException> { Users.name.jsonText("k") }
        shouldThrow<InvalidQueryException> { select(Users.id, Users.name).asExpr() }
        shouldThrow<InvalidQueryException> { PgTypes.varchar(0) }
        shouldThrow<InvalidQueryException> { PgTypes.numeric(5, 6) }
        shouldThrow<InvalidParameterException> { param(-1L, PgTypes.oid) }
        shouldThrow<InvalidParameterException> { param('é', PgTypes.char) }
        shouldThrow<InvalidParameterException> { rawSql("SELECT ?", Any()) }
        shouldThrow<InvalidQueryException> { select(Users.id).innerJoin(Orders, Users.id eq Orders.userId) }
    }

    test("placeholders are cast to the parameter's type without length modifiers, which would truncate") {
        fun <T : Any> sqlOf(type: io.databridge.dsl.types.PgType<T>, value: T) = render(rawSql("SELECT ?", param(value, type))).sql
        sqlOf(PgTypes.varchar(3), "abcd") shouldBe "SELECT \$1::varchar"
        sqlOf(PgTypes.numeric(10, 2), java.math.BigDecimal.ONE) shouldBe "SELECT \$1::numeric"
        sqlOf(PgTypes.bit(4), io.databridge.pg.types.PgBitString.parse("1010")) shouldBe "SELECT \$1::varbit"
        sqlOf(PgTypes.array(PgTypes.bit(4)), listOf(io.databridge.pg.types.PgBitString.parse("1010"))) shouldBe "SELECT \$1::varbit[]"
        sqlOf(PgTypes.enum<Mood>("mood"), Mood.SAD) shouldBe "SELECT \$1::\"mood\""
        sqlOf(PgTypes.custom("posint", Int::class, { it.toString() }, { it.toInt() }), 7) shouldBe "SELECT \$1::text::\"posint\""
        sqlOf(PgTypes.char, 'x') shouldBe "SELECT \$1::\"char\""
    }
})
