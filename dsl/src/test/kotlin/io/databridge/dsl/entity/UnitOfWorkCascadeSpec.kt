package io.databridge.dsl.entity

import io.databridge.dsl.eq
import io.databridge.pg.PgConnection
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/** What a unit of work still tracks after rows went or changed through a cascade, its own or the database's. */
class UnitOfWorkCascadeSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    suspend fun bookWithReview(): Pair<Book, Review> {
        val author = db.repository(Model.authors).insert(Author(name = "a"))
        val book = db.repository(Model.books).insert(Book(authorId = author.id, title = "t", pages = 1))
        return book to db.repository(Model.reviews).insert(Review(bookId = book.id, stars = 3, body = "r"))
    }

    test("children the unit of work's own cascade deletes are no longer tracked, and their pending changes are not flushed") {
        val (book, review) = bookWithReview()
        val statements = log.during {
            db.unitOfWork { work ->
                val reviews = work.repository(Model.reviews)
                val trackedBook = work.repository(Model.books).findById(book.id!!)!!
                val trackedReview = reviews.findById(review.id!!)!!
                work.save(Model.reviews, trackedReview.copy(stars = 1))
                work.repository(Model.authors).deleteById(book.authorId!!) shouldBe true
                reviews.isTracked(trackedReview) shouldBe false
                work.repository(Model.books).isTracked(trackedBook) shouldBe false
            }
        }
        statements.none { it.sql.startsWith("UPDATE") } shouldBe true
        db.repository(Model.reviews).count() shouldBe 0L
    }

    test("rows the database deletes through a declared ON DELETE CASCADE are no longer tracked, so the flush leaves them alone") {
        val (book, _) = bookWithReview()
        val note = db.repository(Model.bookNotes).insert(BookNote(bookId = book.id, text = "n"))
        val statements = log.during {
            db.unitOfWork { work ->
                val notes = work.repository(Model.bookNotes)
                val trackedBook = work.repository(Model.books).findById(book.id!!)!!
                val trackedNote = notes.findById(note.id!!)!!
                work.save(Model.bookNotes, trackedNote.copy(text = "changed before its book went"))
                // notes have no entity relation with a delete rule: the database deletes them with the book
                work.repository(Model.books).delete(trackedBook) shouldBe true
                notes.isTracked(trackedNote) shouldBe false
            }
        }
        statements.none { it.sql.startsWith("UPDATE") } shouldBe true
        db.repository(Model.bookNotes).count() shouldBe 0L
    }

    test("after a cascade sets foreign keys to NULL, tracked children hold NULL there and a later flush writes only real changes") {
        val (_, review) = bookWithReview()
        val reviewer = db.repository(Model.reviewers).insert(Reviewer(null, "leaving"))
        db.repository(Model.reviews).update(review.copy(reviewerId = reviewer.id))
        val note = db.repository(Model.bookNotes).insert(BookNote(bookId = review.bookId, reviewerId = reviewer.id, text = "n"))
        db.unitOfWork { work ->
            val trackedReview = work.repository(Model.reviews).findById(review.id!!)!!
            val trackedNote = work.repository(Model.bookNotes).findById(note.id!!)!!
            // reviews are detached by the entity relation, notes by the database (ON DELETE SET NULL)
            work.repository(Model.reviewers).deleteById(reviewer.id!!) shouldBe true
            log.during { work.flush() } shouldBe emptyList()
            val replacement = work.repository(Model.reviewers).insert(Reviewer(null, "new"))
            // the instances still carry the old reviewer: that is no change of theirs
            work.save(Model.bookNotes, trackedNote.copy(text = "edited"))
            work.save(Model.reviews, trackedReview.copy(reviewerId = replacement.id))
            val flushed = log.during { work.flush() }
            flushed.map { it.sql }.sorted() shouldContainExactly listOf(
                "UPDATE \"entity_test\".\"book_notes\" SET \"text\" = \$1::text WHERE (\"book_notes\".\"id\" = \$2::int4)",
                "UPDATE \"entity_test\".\"reviews\" SET \"reviewer_id\" = \$1::int4 WHERE (\"reviews\".\"id\" = \$2::int4)",
            )
            log.during { work.flush() } shouldBe emptyList()
            work.current(Model.bookNotes, trackedNote)!!.let { listOf(it.reviewerId, it.text) } shouldContainExactly listOf(null, "edited")
            work.current(Model.reviews, trackedReview)!!.reviewerId shouldBe replacement.id
        }
        db.repository(Model.bookNotes).findById(note.id!!)!!.let { listOf(it.reviewerId, it.text) } shouldContainExactly listOf(null, "edited")
        db.repository(Model.reviews).findAll(Reviews.id eq review.id!!).single().reviewerId shouldBe
            db.repository(Model.reviewers).findAll().single().id
    }

    test("link rows mapped as entities are no longer tracked once deleting their book deleted them") {
        val author = db.repository(Model.authors).insert(Author(name = "a"))
        val book = db.repository(Model.books).insert(Book(authorId = author.id, title = "t", pages = 1).apply { tags.set(listOf(Tag(label = "x"))) })
        db.unitOfWork { work ->
            val links = work.repository(Model.bookTagRows)
            val link = links.findAll().single()
            work.remove(Model.books, work.repository(Model.books).findById(book.id!!)!!)
            work.flush()
            links.isTracked(link) shouldBe false
        }
        db.repository(Model.bookTagRows).count() shouldBe 0L
    }
})
