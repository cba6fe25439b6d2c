package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.dsl.desc
import io.databridge.dsl.eq
import io.databridge.dsl.exec.execute
import io.databridge.dsl.insertAll
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class EntityRelationsSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    test("eager loading of 1,000 parents with two nested levels runs exactly 3 statements and keeps the parents' order") {
        val authors = db.repository(Model.authors).insertAll((1..10).map { Author(name = "author$it") })
        val reviewers = db.repository(Model.reviewers).insertAll((1..20).map { Reviewer(null, "reviewer$it") })
        val books = db.repository(Model.books)
        val stored = books.insertAll((1..1000).map { Book(authorId = authors[it % 10].id, title = "book%04d".format(it), pages = it) })
        db.repository(Model.reviews).insertAll(
            stored.flatMap { book ->
                listOf(
                    Review(bookId = book.id, reviewerId = reviewers[book.pages % 20].id, stars = 5, body = "good ${book.title}"),
                    Review(bookId = book.id, reviewerId = null, stars = 1, body = "anonymous ${book.title}"),
                )
            },
        )
        lateinit var loaded: List<Book>
        val statements = log.during {
            loaded = db.repository(Model.books).findAll(
                orderBy = listOf(Books.title.desc()),
                with = listOf(Model.bookReviews.with(Model.reviewReviewer)),
            )
        }
        statements.size shouldBe 3
        statements[1].sql shouldContain "= ANY(\$1"
        statements[2].sql shouldContain "= ANY(\$1"
        loaded.map { it.title } shouldContainExactly (1000 downTo 1).map { "book%04d".format(it) }
        for (book in loaded) {
            val reviews = book.reviews.value
            reviews.map { it.body } shouldContainExactly listOf("good ${book.title}", "anonymous ${book.title}")
            reviews[0].reviewer.value!!.name shouldBe "reviewer${book.pages % 20 + 1}"
            reviews[1].reviewer.value.shouldBeNull()
        }
        val unloaded = shouldThrow<RelationNotLoadedException> { loaded[0].author.value }
        unloaded.message shouldContain "Book.author"
    }

    test("lazy loading is an explicit load(…): one statement for all the entities given") {
        val author = db.repository(Model.authors).insert(Author(name = "lazy"))
        val books = db.repository(Model.books)
        books.insertAll((1..3).map { Book(authorId = author.id, title = "b$it", pages = it) })
        val loaded = books.findAll(orderBy = listOf(Books.id.asc()))
        loaded.forEach { it.author.isLoaded shouldBe false }
        log.during { books.load(loaded, Model.bookAuthor) }.size shouldBe 1
        loaded.map { it.author.value!!.name } shouldContainExactly listOf("lazy", "lazy", "lazy")
        loaded[0].author.value shouldBe loaded[1].author.value
    }

    test("findById loads relations too, and a parent without children gets an empty list") {
        val author = db.repository(Model.authors).insert(Author(name = "solo"))
        val found = db.repository(Model.authors).findById(author.id!!, Model.authorBooks)!!
        found.books.value shouldBe emptyList()
    }

    test("many-to-many through a link table, one statement per level") {
        val author = db.repository(Model.authors).insert(Author(name = "tagged"))
        val books = db.repository(Model.books).insertAll((1..3).map { Book(authorId = author.id, title = "t$it", pages = it) })
        val tags = db.repository(Model.tags).insertAll(listOf(Tag(label = "sf"), Tag(label = "classic")))
        db.execute(BookTags.insertAll(listOf(0 to 0, 0 to 1, 1 to 1)) { v, (b, t) -> v[BookTags.bookId] = books[b].id!!; v[BookTags.tagId] = tags[t].id!! })
        val repo = db.repository(Model.books)
        lateinit var loaded: List<Book>
        log.during { loaded = repo.findAll(orderBy = listOf(Books.id.asc()), with = listOf(Model.bookTags)) }.size shouldBe 2
        loaded.map { book -> book.tags.value.map { it.label } } shouldContainExactly listOf(listOf("sf", "classic"), listOf("classic"), emptyList())
        loaded[0].tags.value[1] shouldBe loaded[1].tags.value[0]
    }

    test("a self-referencing table loads parents and children, nullable foreign keys included") {
        val categories = db.repository(Model.categories)
        val root = categories.insert(Category(name = "root"))
        val a = categories.insert(Category(parentId = root.id, name = "a"))
        categories.insert(Category(parentId = a.id, name = "a1"))
        categories.insert(Category(parentId = root.id, name = "b"))
        val all = categories.findAll(
            orderBy = listOf(Categories.id.asc()),
            with = listOf(Model.categoryParent, Model.categoryChildren.with(Model.categoryChildren)),
        )
        all.map { it.name } shouldContainExactly listOf("root", "a", "a1", "b")
        all[0].parent.value.shouldBeNull()
        all[2].parent.value!!.name shouldBe "a"
        all[0].children.value.map { it.name } shouldContainExactly listOf("a", "b")
        all[0].children.value[0].children.value.map { it.name } shouldContainExactly listOf("a1")
        categories.findAll(Categories.parentId eq root.id!!).map { it.name } shouldContainExactly listOf("a", "b")
    }
})
