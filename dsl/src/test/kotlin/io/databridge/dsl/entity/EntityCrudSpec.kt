package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.dsl.desc
import io.databridge.dsl.eq
import io.databridge.dsl.gt
import io.databridge.pg.PgConnection
import io.databridge.pg.transaction
import io.databridge.pg.errors.UniqueViolationException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class EntityCrudSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    test("insert returns the stored entity with its generated key and database defaults, in one statement") {
        val authors = db.repository(Model.authors)
        val books = db.repository(Model.books)
        val author = authors.insert(Author(name = "Le Guin"))
        author.id.shouldNotBeNull()
        lateinit var book: Book
        val statements = log.during { book = books.insert(Book(authorId = author.id, title = "Earthsea", pages = 200)) }
        statements.size shouldBe 1
        statements[0].sql shouldContain "RETURNING"
        book.id.shouldNotBeNull()
        book.createdAt.shouldNotBeNull()
        book.version shouldBe 0
        books.findById(book.id!!) shouldBe book
    }

    test("insertAll keeps the order, mixes given and generated keys, and returns every stored row") {
        val authors = db.repository(Model.authors)
        val stored = authors.insertAll(listOf(Author(name = "a"), Author(id = 1000, name = "b"), Author(name = "c", bio = "x")))
        stored.map { it.name } shouldContainExactly listOf("a", "b", "c")
        stored[1].id shouldBe 1000L
        stored[2].bio shouldBe "x"
        stored.map { it.id }.toSet().size shouldBe 3
        authors.count() shouldBe 3L
    }

    test("findAll filters, sorts and limits; count and exists agree") {
        val authors = db.repository(Model.authors)
        authors.insertAll((1..5).map { Author(name = "n$it") })
        authors.findAll(Authors.name gt "n2", listOf(Authors.name.desc()), limit = 2).map { it.name } shouldContainExactly listOf("n5", "n4")
        authors.count(Authors.name gt "n3") shouldBe 2L
        authors.exists(Authors.name eq "n1") shouldBe true
        authors.exists(Authors.name eq "zz") shouldBe false
        val first = authors.findAll(orderBy = listOf(Authors.id.asc()), limit = 1).single()
        authors.existsById(first.id!!) shouldBe true
        authors.findById(-1).shouldBeNull()
    }

    test("keyset pagination walks every row once in key order") {
        val authors = db.repository(Model.authors)
        authors.insertAll((1..7).map { Author(name = "p$it") })
        val pages = mutableListOf<List<Author>>()
        var last: Author? = null
        while (true) {
            val page = authors.page(3, after = last)
            if (page.isEmpty()) break
            pages += page
            last = page.last()
        }
        pages.map { it.size } shouldContainExactly listOf(3, 3, 1)
        pages.flatten().map { it.name } shouldContainExactly (1..7).map { "p$it" }
        authors.pageAfterId(2, pages[0][1].id!!).map { it.name } shouldContainExactly listOf("p3", "p4")
    }

    test("composite keys: find, update, delete by id") {
        val enrollments = db.repository(Model.enrollments)
        enrollments.insertAll(listOf(Enrollment("ann", 1, null), Enrollment("ann", 2, "B"), Enrollment("bob", 1, "A")))
        val found = enrollments.findById(EnrollmentId("ann", 2)).shouldNotBeNull()
        found.grade shouldBe "B"
        enrollments.update(found.copy(grade = "A+")).grade shouldBe "A+"
        enrollments.findById(EnrollmentId("ann", 2))!!.grade shouldBe "A+"
        enrollments.deleteById(EnrollmentId("ann", 1)) shouldBe true
        enrollments.deleteById(EnrollmentId("ann", 1)) shouldBe false
        enrollments.page(10).map { it.student to it.course } shouldContainExactly listOf("ann" to 2, "bob" to 1)
        enrollments.page(10, after = Enrollment("ann", 2, null)).map { it.student } shouldContainExactly listOf("bob")
        enrollments.pageAfterId(10, EnrollmentId("ann", 3)).map { it.student to it.course } shouldContainExactly listOf("bob" to 1)
    }

    test("upsert inserts, then overwrites on a key conflict") {
        val enrollments = db.repository(Model.enrollments)
        enrollments.upsert(Enrollment("cy", 3, "C")).grade shouldBe "C"
        enrollments.upsert(Enrollment("cy", 3, "A")).grade shouldBe "A"
        enrollments.count() shouldBe 1L
    }

    test("upsert of a versioned entity increments the stored version") {
        val author = db.repository(Model.authors).insert(Author(name = "v"))
        val books = db.repository(Model.books)
        val book = books.insert(Book(authorId = author.id, title = "t", pages = 1))
        val again = books.upsert(book.copy(title = "t2"))
        again.title shouldBe "t2"
        again.version shouldBe 1
    }

    test("delete and deleteById remove the row; a server error leaves the connection usable") {
        val authors = db.repository(Model.authors)
        val a = authors.insert(Author(name = "gone"))
        authors.delete(a) shouldBe true
        authors.findById(a.id!!).shouldBeNull()
        val b = authors.insert(Author(name = "b"))
        shouldThrow<UniqueViolationException> { authors.insert(b) }
        authors.deleteById(b.id!!) shouldBe true
        authors.count() shouldBe 0L
    }

    test("a repository runs inside a transaction and rolls back with it") {
        shouldThrow<IllegalStateException> {
            db.transaction { tx ->
                tx.repository(Model.authors).insert(Author(name = "rolled back"))
                error("abort")
            }
        }
        db.repository(Model.authors).count() shouldBe 0L
    }
})
