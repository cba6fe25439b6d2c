package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.pg.PgConnection
import io.databridge.pg.observe.PgOperationKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

class UnitOfWorkSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    test("new entities added child first are inserted parent first at commit") {
        db.unitOfWork { work ->
            work.add(Model.books, Book(authorId = 500, title = "explicit", pages = 1))
            work.add(Model.authors, Author(id = 500, name = "given key"))
        }
        db.repository(Model.books).findAll().single().authorId shouldBe 500L
    }

    test("changes of many entities are flushed as one batched UPDATE per mapping and column set") {
        db.repository(Model.authors).insertAll((1..3).map { Author(name = "a$it") })
        db.repository(Model.reviewers).insert(Reviewer(null, "mutable"))
        val statements = log.during {
            db.unitOfWork { work ->
                val authors = work.repository(Model.authors).findAll(orderBy = listOf(Authors.id.asc()))
                authors.forEach { work.save(Model.authors, it.copy(bio = "bio of ${it.name}")) }
                work.repository(Model.reviewers).findAll().single().name = "changed in place"
            }
        }
        // the reviewers query flushes the authors' copies first; the in-place change is flushed at commit
        statements.map { it.kind } shouldContainExactly listOf(PgOperationKind.QUERY, PgOperationKind.BATCH, PgOperationKind.QUERY, PgOperationKind.BATCH)
        statements[1].batchSize shouldBe 3
        db.repository(Model.authors).findAll(orderBy = listOf(Authors.id.asc())).map { it.bio } shouldContainExactly
            listOf("bio of a1", "bio of a2", "bio of a3")
        db.repository(Model.reviewers).findAll().single().name shouldBe "changed in place"
    }

    test("queries through the unit of work see its pending changes; removals run at the flush") {
        val kept = db.repository(Model.authors).insert(Author(name = "kept"))
        val gone = db.repository(Model.authors).insert(Author(name = "gone"))
        db.unitOfWork { work ->
            work.add(Model.authors, Author(name = "pending"))
            val changedMind = Author(name = "never stored")
            work.add(Model.authors, changedMind)
            work.remove(Model.authors, changedMind)
            work.remove(Model.authors, gone)
            work.repository(Model.authors).findAll(orderBy = listOf(Authors.id.asc())).map { it.name } shouldContainExactly listOf("kept", "pending")
        }
        db.repository(Model.authors).findAll(orderBy = listOf(Authors.id.asc())).map { it.name } shouldContainExactly listOf(kept.name, "pending")
    }

    test("a version conflict at the flush rolls the whole unit of work back") {
        val author = db.repository(Model.authors).insert(Author(name = "v"))
        val book = db.repository(Model.books).insert(Book(authorId = author.id, title = "t", pages = 1))
        shouldThrow<StaleEntityException> {
            db.unitOfWork { work ->
                work.add(Model.authors, Author(name = "rolled back"))
                val mine = work.repository(Model.books).findById(book.id!!)!!
                db.repository(Model.books).update(book.copy(pages = 99))
                work.save(Model.books, mine.copy(title = "lost"))
            }
        }
        db.repository(Model.authors).count() shouldBe 1L
        db.repository(Model.books).findById(book.id!!)!!.title shouldBe "t"
    }

    test("a saved copy followed by an update of another copy of the same key writes both changes in one UPDATE") {
        val author = db.repository(Model.authors).insert(Author(name = "a"))
        val book = db.repository(Model.books).insert(Book(authorId = author.id, title = "t", pages = 1))
        db.unitOfWork { work ->
            val loaded = work.repository(Model.books).findById(book.id!!)!!
            work.save(Model.books, loaded.copy(title = "saved"))
            lateinit var updated: Book
            val statements = log.during { updated = work.repository(Model.books).update(loaded.copy(pages = 9)) }
            statements.single().sql shouldStartWith
                "UPDATE \"entity_test\".\"books\" SET \"title\" = \$1::text, \"pages\" = \$2::int4, \"version\" = \$3::int4 WHERE"
            listOf(updated.title, updated.pages, updated.version) shouldContainExactly listOf("saved", 9, 1)
            // the save went with the update: the flush at commit has nothing left to write
            log.during { work.flush() } shouldBe emptyList()
        }
        val stored = db.repository(Model.books).findById(book.id!!)!!
        listOf(stored.title, stored.pages, stored.version) shouldContainExactly listOf("saved", 9, 1)
    }

    test("where a saved copy and an updated copy change the same column, the later update wins and the other change stays") {
        val author = db.repository(Model.authors).insert(Author(name = "a"))
        val book = db.repository(Model.books).insert(Book(authorId = author.id, title = "t", pages = 1))
        db.unitOfWork { work ->
            val loaded = work.repository(Model.books).findById(book.id!!)!!
            work.save(Model.books, loaded.copy(title = "saved", pages = 5))
            work.repository(Model.books).update(loaded.copy(title = "updated")).title shouldBe "updated"
        }
        val stored = db.repository(Model.books).findById(book.id!!)!!
        listOf(stored.title, stored.pages) shouldContainExactly listOf("updated", 5)
    }

    test("an update of another instance that leaves a column as read keeps the in-place change of the tracked instance") {
        val reviewer = db.repository(Model.reviewers).insert(Reviewer(null, "before"))
        db.unitOfWork { work ->
            work.repository(Model.reviewers).findById(reviewer.id!!)!!.name = "changed in place"
            work.repository(Model.reviewers).update(Reviewer(reviewer.id, "before")).name shouldBe "changed in place"
        }
        db.repository(Model.reviewers).findById(reviewer.id!!)!!.name shouldBe "changed in place"
    }

    suspend fun twoBooksAndReviews(): Pair<Book, Book> {
        val author = db.repository(Model.authors).insert(Author(name = "a"))
        val (first, second) = db.repository(Model.books).insertAll(listOf(Book(authorId = author.id, title = "one", pages = 1), Book(authorId = author.id, title = "two", pages = 2)))
        db.repository(Model.reviews).insertAll(listOf(Review(bookId = first.id, stars = 5, body = "moves"), Review(bookId = first.id, stars = 3, body = "stays")))
        return first to second
    }

    test("a review moved from one book's loaded reviews to another's is one UPDATE of its book_id at the flush") {
        val (first, second) = twoBooksAndReviews()
        val statements = log.during {
            db.unitOfWork { work ->
                val (one, two) = work.repository(Model.books).findAll(orderBy = listOf(Books.id.asc()), with = listOf(Model.bookReviews))
                val moved = one.reviews.value.single { it.body == "moves" }
                one.reviews.set(one.reviews.value - moved)
                two.reviews.set(two.reviews.value + moved)
            }
        }
        statements.map { it.kind } shouldContainExactly listOf(PgOperationKind.QUERY, PgOperationKind.QUERY, PgOperationKind.BATCH)
        statements[2].batchSize shouldBe 1
        statements[2].sql shouldBe "UPDATE \"entity_test\".\"reviews\" SET \"book_id\" = \$1::int4 WHERE (\"reviews\".\"id\" = \$2::int4)"
        val reviews = db.repository(Model.reviews).findAll(orderBy = listOf(Reviews.id.asc()))
        reviews.map { it.bookId } shouldContainExactly listOf(second.id, first.id)
        db.repository(Model.books).findById(first.id!!)!!.version shouldBe 0
    }

    test("a tracked child's changed foreign-key property is an UPDATE of that column alone") {
        val (_, second) = twoBooksAndReviews()
        val statements = log.during {
            db.unitOfWork { work ->
                val review = work.repository(Model.reviews).findAll(orderBy = listOf(Reviews.id.asc())).first()
                work.save(Model.reviews, review.copy(bookId = second.id))
            }
        }
        statements.map { it.kind } shouldContainExactly listOf(PgOperationKind.QUERY, PgOperationKind.BATCH)
        statements[1].sql shouldBe "UPDATE \"entity_test\".\"reviews\" SET \"book_id\" = \$1::int4 WHERE (\"reviews\".\"id\" = \$2::int4)"
        db.repository(Model.reviews).findAll(orderBy = listOf(Reviews.id.asc())).first().bookId shouldBe second.id
    }

    test("a moved child is written once: the next flush sees no change, and a child left in both holders is refused") {
        val (_, second) = twoBooksAndReviews()
        db.unitOfWork { work ->
            val (one, two) = work.repository(Model.books).findAll(orderBy = listOf(Books.id.asc()), with = listOf(Model.bookReviews))
            val moved = one.reviews.value.single { it.body == "moves" }
            one.reviews.set(one.reviews.value - moved)
            two.reviews.set(two.reviews.value + moved)
            work.flush()
            log.during { work.flush() } shouldBe emptyList()
            work.current(Model.reviews, moved)!!.bookId shouldBe second.id
            one.reviews.set(one.reviews.value + moved)
            shouldThrow<IllegalStateException> { work.flush() }.message shouldContain "remove it from the one it left"
            one.reviews.set(one.reviews.value - moved)
        }
        db.repository(Model.reviews).findAll().single { it.body == "moves" }.bookId shouldBe second.id
    }

    test("after a flush bumps the version, the unit of work hands back the new version and further changes succeed") {
        val author = db.repository(Model.authors).insert(Author(name = "v"))
        val book = db.repository(Model.books).insert(Book(authorId = author.id, title = "t", pages = 1))
        val handedBack = db.unitOfWork { work ->
            val loaded = work.repository(Model.books).findById(book.id!!)!!
            work.save(Model.books, loaded.copy(title = "first"))
            work.flush()
            val current = work.current(Model.books, loaded)!!
            current.version shouldBe 1
            current.title shouldBe "first"
            work.save(Model.books, current.copy(pages = 7))
            // a query flushes the second change; what it reads carries the version that flush wrote
            val reread = work.repository(Model.books).findById(book.id!!)!!
            reread.version shouldBe 2
            work.save(Model.books, reread.copy(title = "third"))
            work.flush()
            work.current(Model.books, reread)!!
        }
        handedBack.version shouldBe 3
        handedBack.title shouldBe "third"
        handedBack.pages shouldBe 7
        // a fresh handle writes an entity it never saw in full, checking the version the entity carries
        db.repository(Model.books).update(handedBack.copy(title = "after")).version shouldBe 4
    }
})
