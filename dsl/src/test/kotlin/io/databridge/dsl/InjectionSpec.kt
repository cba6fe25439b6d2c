package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.pg.PgConnection
import io.databridge.dsl.types.PgTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

object Notes : Table("notes") {
    val id = int4("id").primaryKey()
    val body = text("body")
    val tags = array("tags", PgTypes.text)
}

class InjectionSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_inj CASCADE; CREATE SCHEMA dsl_inj; SET search_path = dsl_inj",
            "CREATE TABLE notes (id int4 PRIMARY KEY, body text NOT NULL, tags text[] NOT NULL)",
        )
        db = conn.asSqlExecutor()
    }
    afterSpec {
        conn.use { it.simpleQuery("DROP SCHEMA dsl_inj CASCADE") }
    }

    val hostile = listOf(
        "'; DROP TABLE notes; --",
        "\"; DROP TABLE notes; --",
        "\$1",
        "? ?? \$2",
        "-- comment",
        "/* open comment",
        "\\'\\\\",
        "Robert'); DELETE FROM notes WHERE ('1'='1",
    )

    test("hostile values are bound, stored and read back verbatim") {
        hostile.forEachIndexed { i, v ->
            db.execute(Notes.insert { it[Notes.id] = i; it[Notes.body] = v; it[Notes.tags] = listOf(v, "x,y", "{}") })
        }
        val rows = db.list(select(Notes.id, Notes.body, Notes.tags).from(Notes).orderBy(Notes.id.asc()))
        rows.map { it.second } shouldBe hostile
        rows.map { it.third } shouldBe hostile.map { listOf(it, "x,y", "{}") }
        for (v in hostile) db.list(select(Notes.id).from(Notes).where(Notes.body eq v)).size shouldBe 1
        db.list(select(countAll()).from(Notes)).single() shouldBe hostile.size.toLong()
    }

    test("a NUL byte is refused before anything is sent") {
        val e = shouldThrow<InvalidParameterException> { Notes.insert { it[Notes.id] = 99; it[Notes.body] = "a\u0000b" } }
        e.message shouldContain "NUL"
        shouldThrow<InvalidParameterException> { Notes.body eq "\u0000" }
        shouldThrow<InvalidParameterException> { Notes.tags containsAll listOf("ok", "bad\u0000") }
        shouldThrow<InvalidParameterException> { rawSql("SELECT ?", "x\u0000") }
        shouldThrow<InvalidParameterException> { param("{\"a\":\"\u0000\"}", PgTypes.jsonb) }
        db.list(select(countAll()).from(Notes).where(Notes.id eq 99)).single() shouldBe 0L
    }

    test("hostile values stay data in every value position: LIKE, SET, upsert, fragments, raw SQL, arrays, typed jsonb, CTEs") {
        val evil = hostile[0]
        db.execute(Notes.insert { it[Notes.id] = 100; it[Notes.body] = "x"; it[Notes.tags] = emptyList() }) shouldBe 1L
        db.execute(Notes.update(Notes.id eq 100) { it[Notes.body] = Notes.body concat evil }) shouldBe 1L
        db.execute(
            Notes.insert { it[Notes.id] = 100; it[Notes.body] = "ignored"; it[Notes.tags] = listOf(evil) }
                .onConflictDoUpdate(Notes.id, where = excluded(Notes.body) neq hostile[1]) { it[Notes.tags] = excluded(Notes.tags) },
        ) shouldBe 1L
        db.list(select(Notes.body, Notes.tags).from(Notes).where(Notes.id eq 100)) shouldBe listOf("x$evil" to listOf(evil))
        db.list(select(Notes.id).from(Notes).where(Notes.body like "%${hostile[7]}%")) shouldBe listOf(7)
        db.list(select(sql(PgTypes.text, "? || ?", evil, hostile[2]))) shouldBe listOf(evil + hostile[2])
        db.list(rawSql("SELECT id FROM notes WHERE body = ? OR body = ?", hostile[3], hostile[4]).asQuery(Notes.id)).sorted() shouldBe listOf(3, 4)
        db.list(select(Notes.id).from(Notes).where(Notes.body eqAny hostile.takeLast(2)).orderBy(Notes.id.asc())) shouldBe listOf(6, 7)
        val prefs = Prefs(evil + "\"}', '{}'); --", 1)
        db.list(select(param(prefs, PgTypes.jsonb<Prefs>()))) shouldBe listOf(prefs)
        val cte = CteTable("picked")
        val picked = cte.column("body", PgTypes.text)
        db.list(select(picked).from(cte).with(cte.definedAs(select(lit(evil))))) shouldBe listOf(evil)
        db.execute(Notes.delete(Notes.id eq 100)) shouldBe 1L
    }

    test("a NUL in a jsonb value, raw or typed, is refused before anything is sent; json keeps it") {
        val nulEscape = "{\"a\":\"\\u0000\"}"
        val e = shouldThrow<InvalidParameterException> { param(nulEscape, PgTypes.jsonb) }
        e.message shouldContain "NUL"
        param("{\"a\":\"\\\\u0000\"}", PgTypes.jsonb) // an escaped backslash followed by "u0000" is plain text
        shouldThrow<InvalidParameterException> { db.list(select(param(Prefs("a\u0000", 1), PgTypes.jsonb<Prefs>()))) }.message shouldContain "NUL"
        shouldThrow<InvalidParameterException> {
            db.list(select(param(kotlinx.serialization.json.JsonPrimitive("\u0000"), PgTypes.jsonbElement)))
        }
        db.list(select(param(Prefs("a\u0000", 1), PgTypes.json<Prefs>()))) shouldBe listOf(Prefs("a\u0000", 1))
        db.list(select(countAll()).from(Notes)).single() shouldBe hostile.size.toLong()
    }

    test("names that cannot be identifiers are refused, never rendered") {
        val bad = listOf("", "x".repeat(64), "é".repeat(32), "a\u0000", "lone\uDC00")
        for (name in bad) {
            shouldThrow<InvalidIdentifierException> { object : Table(name) {} }
            shouldThrow<InvalidIdentifierException> { object : Table("ok", schema = name) {} }
            shouldThrow<InvalidIdentifierException> { object : Table("ok") { val c = text(name) } }
            shouldThrow<InvalidIdentifierException> { Notes.alias(name) }
            shouldThrow<InvalidIdentifierException> { Notes.body.alias(name) }
            shouldThrow<InvalidIdentifierException> { CteTable(name) }
            shouldThrow<InvalidIdentifierException> { function(name, PgTypes.int4) }
            shouldThrow<InvalidIdentifierException> { Notes.insert { it[Notes.id] = 1 }.onConstraintDoNothing(name) }
            shouldThrow<InvalidIdentifierException> { PgTypes.enum<Mood>(name) }
            shouldThrow<InvalidIdentifierException> { PgTypes.custom(name, String::class, { it }, { it }) }
            shouldThrow<InvalidIdentifierException> { select(Notes.id).from(Notes).asSubquery(name) }
            shouldThrow<InvalidIdentifierException> { select(Notes.id).from(Notes).asLateral(name) }
            shouldThrow<InvalidIdentifierException> { CteTable("ok").column(name, PgTypes.int4) }
            shouldThrow<InvalidIdentifierException> { CteTable("ok").nullableColumn(name, PgTypes.int4) }
            shouldThrow<InvalidIdentifierException> { Notes.insert { it[Notes.id] = 1 }.onConstraintDoUpdate(name) { it[Notes.body] = "x" } }
            shouldThrow<InvalidIdentifierException> { object : Table("ok") { val c = column(name, PgTypes.text) } }
        }
        // Function names are written unquoted, so anything beyond a plain identifier is refused.
        for (name in listOf("notes; DROP TABLE notes", "a\"b", "a b", "1abc", "pg_sleep(10)--")) {
            shouldThrow<InvalidIdentifierException> { function(name, PgTypes.int4) }
        }
        db.list(select(countAll()).from(Notes)).single() shouldBe hostile.size.toLong()
    }

    test("hostile-looking names are one quoted identifier each, their quotes doubled") {
        val name = "notes\"; DROP TABLE notes; --"
        val table = object : Table(name) { val v = text("a\" b") }
        val quotedTable = "\"notes\"\"; DROP TABLE notes; --\""
        render(select(table.v).from(table).where(table.v eq "z")).sql shouldBe
            "SELECT $quotedTable.\"a\"\" b\" FROM $quotedTable WHERE ($quotedTable.\"a\"\" b\" = \$1::text)"
        val alias = table.alias("x\"y")
        render(select(alias[table.v]).from(alias)).sql shouldBe "SELECT \"x\"\"y\".\"a\"\" b\" FROM $quotedTable AS \"x\"\"y\""
        object : Table("x".repeat(63)) {}.tableName.length shouldBe 63
        object : Table("a\$b_C9") {}.tableName shouldBe "a\$b_C9"
        db.list(select(countAll()).from(Notes)).single() shouldBe hostile.size.toLong()
    }
})
