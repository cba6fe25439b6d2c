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

    test("hostile identifiers are refused, never rendered") {
        val bad = listOf(
            "notes; DROP TABLE notes", "a\"b", "a b", "1abc", "", "a-b", "ü", "x".repeat(64), "é".repeat(32), "a\u0000",
            "notes--",
        )
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
        }
        object : Table("x".repeat(63)) {}.tableName.length shouldBe 63
        object : Table("a\$b_C9") {}.tableName shouldBe "a\$b_C9"
        db.list(select(countAll()).from(Notes)).single() shouldBe hostile.size.toLong()
    }
})
