package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.dsl.countAll
import io.databridge.dsl.eq
import io.databridge.dsl.exec.single
import io.databridge.dsl.select
import io.databridge.pg.PgConnection
import io.databridge.pg.errors.UniqueViolationException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe

class EntityCascadeSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    suspend fun rows(table: io.databridge.dsl.Table): Long = db.single(select(countAll()).from(table))

    test("saving a parent inserts its new children and their children in foreign-key order, one INSERT per level") {
        val critic = Reviewer(null, "critic")
        val author = Author(name = "Herbert").apply {
            books.set(
                listOf(
                    Book(title = "Dune", pages = 412).apply {
                        reviews.set(listOf(Review(stars = 5, body = "epic").apply { reviewer.set(critic) }, Review(stars = 4, body = "long")))
                        tags.set(listOf(Tag(label = "sf")))
                    },
                    Book(title = "Messiah", pages = 256),
                ),
            )
        }
        lateinit var stored: Author
        val statements = log.during { stored = db.repository(Model.authors).insert(author) }
        // authors, reviewers and tags (no pending parents), books, reviews, then the link rows
        statements.size shouldBe 6
        stored.id.shouldNotBeNull()
        val books = stored.books.value
        books.map { it.title } shouldContainExactly listOf("Dune", "Messiah")
        books.forEach { it.authorId shouldBe stored.id }
        val reviews = books[0].reviews.value
        reviews.forEach { it.bookId shouldBe books[0].id }
        reviews[0].reviewerId shouldBe reviews[0].reviewer.value!!.id
        books[0].tags.value.single().id.shouldNotBeNull()
        val reloaded = db.repository(Model.authors).findById(stored.id!!, Model.authorBooks.with(Model.bookReviews, Model.bookTags))!!
        reloaded.books.value.map { b -> b.reviews.value.size } shouldContainExactly listOf(2, 0)
        reloaded.books.value[0].tags.value.map { it.label } shouldContainExactly listOf("sf")
    }

    test("a cascading save is one transaction: a failing child leaves nothing behind") {
        db.repository(Model.tags).insert(Tag(label = "taken"))
        val author = Author(name = "doomed").apply {
            books.set(listOf(Book(title = "x", pages = 1).apply { tags.set(listOf(Tag(label = "taken"))) }))
        }
        shouldThrow<UniqueViolationException> { db.repository(Model.authors).insert(author) }
        rows(Authors) shouldBe 0L
        rows(Books) shouldBe 0L
    }

    test("a child pointing at a new parent through its many-to-one relation stores the parent first") {
        val book = Book(title = "orphan", pages = 3).apply { this.author.set(Author(name = "found")) }
        val stored = db.repository(Model.books).insert(book)
        stored.author.value!!.name shouldBe "found"
        stored.authorId shouldBe stored.author.value!!.id
    }

    test("a new self-referencing tree is inserted level by level") {
        val root = Category(name = "root").apply {
            children.set(listOf(Category(name = "a").apply { children.set(listOf(Category(name = "a1"))) }, Category(name = "b")))
        }
        val statements = log.during { db.repository(Model.categories).insert(root) }
        statements.size shouldBe 3
        val all = db.repository(Model.categories).findAll(orderBy = listOf(Categories.id.asc()))
        all.map { it.name to it.parentId } shouldContainExactly listOf(
            "root" to null, "a" to all[0].id, "b" to all[0].id, "a1" to all[1].id,
        )
    }

    test("deleting a parent deletes its cascading children, grandchildren and link rows first") {
        val stored = db.repository(Model.authors).insert(
            Author(name = "gone").apply {
                books.set(listOf(Book(title = "b", pages = 1).apply { reviews.set(listOf(Review(stars = 1, body = "r"))); tags.set(listOf(Tag(label = "t"))) }))
            },
        )
        db.repository(Model.authors).insert(Author(name = "kept").apply { books.set(listOf(Book(title = "k", pages = 2))) })
        db.repository(Model.authors).delete(stored) shouldBe true
        rows(Authors) shouldBe 1L
        rows(Books) shouldBe 1L
        rows(Reviews) shouldBe 0L
        rows(BookTags) shouldBe 0L
        rows(Tags) shouldBe 1L
    }

    test("deleting a parent whose relation detaches sets the children's foreign key to NULL") {
        val reviewer = db.repository(Model.reviewers).insert(Reviewer(null, "leaving"))
        val author = db.repository(Model.authors).insert(
            Author(name = "a").apply { books.set(listOf(Book(title = "b", pages = 1).apply { reviews.set(listOf(Review(reviewerId = reviewer.id, stars = 3, body = "r"))) })) },
        )
        db.repository(Model.reviewers).deleteById(reviewer.id!!) shouldBe true
        val reviews = db.repository(Model.reviews).findAll()
        reviews.single().reviewerId shouldBe null
        reviews.single().bookId shouldBe author.books.value.single().id
    }

    test("deleting the root of a self-referencing tree deletes the whole subtree") {
        db.repository(Model.categories).insert(
            Category(name = "root").apply { children.set(listOf(Category(name = "a").apply { children.set(listOf(Category(name = "a1"))) })) },
        )
        val other = db.repository(Model.categories).insert(Category(name = "other"))
        val root = db.repository(Model.categories).findAll(Categories.name eq "root").single()
        db.repository(Model.categories).delete(root) shouldBe true
        db.repository(Model.categories).findAll().map { it.name } shouldContainExactly listOf(other.name)
    }
})

