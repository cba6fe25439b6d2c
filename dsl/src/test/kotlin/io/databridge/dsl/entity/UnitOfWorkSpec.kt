package io.databridge.dsl.entity

import io.databridge.dsl.asc
import io.databridge.pg.PgConnection
import io.databridge.pg.observe.PgOperationKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

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
})
