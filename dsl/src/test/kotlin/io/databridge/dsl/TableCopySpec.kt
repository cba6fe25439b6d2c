package io.databridge.dsl

import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.copyIn
import io.databridge.dsl.exec.copyOut
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.types.PgTypes
import io.databridge.embedded.SharedPostgres
import io.databridge.pg.PgConnection
import io.databridge.pg.PgPool
import io.databridge.pg.transaction
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import java.math.BigDecimal

data class Book(val id: Int, val title: String, val price: BigDecimal?, val genre: Mood, val prefs: Prefs, val tags: List<String>)

object Books : Table("books", "dsl_copy") {
    val id = int4("id").primaryKey()
    val title = text("title")
    val price = numeric("price", 8, 2).nullable()
    val genre = enumeration<Mood>("genre", "mood")
    val prefs = jsonb<Prefs>("prefs")
    val tags = array("tags", PgTypes.text)
    val note = text("note").nullable()
}

class TableCopySpec : FunSpec({
    lateinit var conn: PgConnection
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_copy CASCADE; CREATE SCHEMA dsl_copy; CREATE TYPE dsl_copy.mood AS ENUM ('HAPPY', 'SAD')",
            """CREATE TABLE dsl_copy.books (id int4 PRIMARY KEY, title text NOT NULL, price numeric(8,2), genre dsl_copy.mood NOT NULL,
               prefs jsonb NOT NULL, tags text[] NOT NULL, note text DEFAULT 'none')""",
            "SET search_path = dsl_copy, public",
        )
    }
    beforeTest { conn.simpleQuery("TRUNCATE dsl_copy.books") }
    afterSpec { conn.use { it.simpleQuery("DROP SCHEMA dsl_copy CASCADE") } }

    fun book(i: Int) = Book(i, "title $i, \"quoted\"\ttab", if (i % 3 == 0) null else BigDecimal("$i.50"), if (i % 2 == 0) Mood.SAD else Mood.HAPPY,
        Prefs("t$i", i), listOf("a", "b$i"))

    suspend fun copyBooks(session: io.databridge.pg.PgSession, books: List<Book>): Long = session.copyIn(Books, books) { row, b ->
        row[Books.id] = b.id; row[Books.title] = b.title; row[Books.price] = b.price; row[Books.genre] = b.genre
        row[Books.prefs] = b.prefs; row[Books.tags] = b.tags
    }

    val columns = select(listOf(Books.id, Books.title, Books.price, Books.genre, Books.prefs, Books.tags))

    test("copyIn writes typed rows (enum, typed jsonb, arrays, NULL) and leaves unset columns to their default") {
        val books = (1..2500).map(::book)
        copyBooks(conn, books) shouldBe 2500L
        val db = conn.asSqlExecutor()
        db.single(select(count(Books.id)).from(Books).where(Books.note eq "none")) shouldBe 2500L
        db.list(columns.from(Books).orderBy(Books.id.asc())).map {
            Book(it[Books.id], it[Books.title], it[Books.price], it[Books.genre], it[Books.prefs], it[Books.tags])
        } shouldBe books
    }

    test("copyOut streams the typed rows of a query whose values are bound, not spliced") {
        copyBooks(conn, (1..300).map(::book))
        val hostile = "x'); DROP TABLE dsl_copy.books; --"
        val query = select(Books.id, Books.genre).from(Books)
            .where((Books.id gt 100) and (Books.title neq hostile) and (Books.prefs eq Prefs("t150", 150)))
            .orderBy(Books.id.asc())
        conn.copyOut(query).toList() shouldBe listOf(150 to Mood.SAD)
        val all = conn.copyOut(columns.from(Books).where(Books.price.isNull() or (Books.id lte 2)).orderBy(Books.id.asc())).toList()
        all.size shouldBe 102
        all.first()[Books.tags] shouldBe listOf("a", "b1")
        all.last()[Books.price] shouldBe null
    }

    test("copyOut of an insert, update or delete with returning runs it once and streams the returned rows") {
        val inserted = conn.copyOut(
            Books.insertAll((1..3).toList()) { row, i ->
                row[Books.id] = i; row[Books.title] = "new $i"; row[Books.genre] = Mood.HAPPY
                row[Books.prefs] = Prefs("p$i", i); row[Books.tags] = listOf("t$i")
            }.returning(Books.id, Books.note),
        ).toList()
        inserted shouldBe listOf(1 to "none", 2 to "none", 3 to "none")
        val db = conn.asSqlExecutor()
        db.single(select(count(Books.id)).from(Books)) shouldBe 3L
        conn.copyOut(Books.update(Books.id gte 2) { it[Books.price] = BigDecimal("9.99") }.returning(Books.id, Books.price)).toList()
            .sortedBy { it.first } shouldBe listOf(2 to BigDecimal("9.99"), 3 to BigDecimal("9.99"))
        conn.copyOut(Books.delete(Books.id eq 1).returning(Books.title)).toList() shouldBe listOf("new 1")
        db.list(select(Books.id).from(Books).orderBy(Books.id.asc())) shouldBe listOf(2, 3)
    }

    test("copyOut stops early without breaking the connection, and runs without parameters too") {
        copyBooks(conn, (1..1000).map(::book))
        conn.copyOut(select(Books.id).from(Books).orderBy(Books.id.asc())).take(3).toList() shouldBe listOf(1, 2, 3)
        conn.asSqlExecutor().single(select(count(Books.id)).from(Books)) shouldBe 1000L
    }

    test("a value that does not fit aborts the whole COPY with its row and column named; the connection stays usable") {
        val bad = (1..10).map(::book) + book(11).copy(price = BigDecimal("123456789.00"))
        val e = shouldThrow<io.databridge.pg.errors.PgServerException> { copyBooks(conn, bad) }
        e.message shouldContain "numeric"
        shouldThrow<InvalidParameterException> {
            conn.copyIn(Books, (1..3).asIterable()) { row, i -> row[Books.id] = i; row[Books.title] = if (i == 3) "nul\u0000" else "ok" }
        }.message shouldContain "NUL"
        conn.asSqlExecutor().single(select(count(Books.id)).from(Books)) shouldBe 0L
    }

    test("rows must set the first row's columns, to values") {
        shouldThrow<InvalidQueryException> {
            conn.copyIn(Books, listOf(1, 2)) { row, i -> row[Books.id] = i; if (i == 1) row[Books.title] = "x" }
        }.message shouldContain "row 2"
        shouldThrow<InvalidQueryException> {
            conn.copyIn(Books, listOf(1)) { row, i -> row[Books.id] = i; row[Books.title] = Books.title.lower() }
        }.message shouldContain "values only"
        shouldThrow<InvalidQueryException> {
            conn.copyIn(Books, listOf(1, 2).asFlow()) { row, i -> row[Books.id] = i; if (i == 1) row[Books.title] = "x" }
        }.message shouldContain "row 2"
        conn.copyIn(Books, emptyList<Book>().asFlow()) { _, _ -> } shouldBe 0L
        conn.copyIn(Books, emptyList<Book>()) { _, _ -> } shouldBe 0L
    }

    test("on a pool and inside a transaction, where a rollback takes the copied rows back") {
        val pool = PgPool.create(SharedPostgres.server.url())
        try {
            copyBooks(pool, (1..5).map(::book)) shouldBe 5L
            shouldThrow<IllegalStateException> {
                pool.transaction { tx ->
                    copyBooks(tx, (6..9).map(::book)) shouldBe 4L
                    pool.copyOut(select(count(Books.id)).from(Books)).toList() shouldBe listOf(9L)
                    error("roll back")
                }
            }
            pool.copyOut(select(count(Books.id)).from(Books)).toList() shouldBe listOf(5L)
        } finally {
            pool.close()
        }
        conn.transaction { copyBooks(conn, flow { emit(book(20)) }.toList()) } shouldBe 1L
    }
})
