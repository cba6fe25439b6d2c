package io.databridge.dsl.entity

import io.databridge.dsl.exec.list
import io.databridge.dsl.select
import io.databridge.pg.PgConnection
import io.databridge.pg.observe.PgOperationKind
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

class EntityTrackingSpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    test("updating an unchanged entity runs no statement") {
        val authors = db.repository(Model.authors)
        val author = authors.insert(Author(name = "same", bio = "b"))
        val loaded = authors.findById(author.id!!)!!
        log.during {
            authors.update(loaded) shouldBe loaded
            authors.update(loaded.copy()) shouldBe loaded
        }.shouldBeEmpty()
    }

    test("one changed field gives an UPDATE that sets exactly that column") {
        val authors = db.repository(Model.authors)
        val author = authors.insert(Author(name = "old", bio = "keep"))
        val statements = log.during { authors.update(author.copy(name = "new")).name shouldBe "new" }
        statements.size shouldBe 1
        val sql = statements[0].sql
        sql shouldContain "UPDATE"
        sql.substringAfter("SET").substringBefore("WHERE") shouldBe " \"name\" = \$1::text "
        db.list(select(Authors.bio).from(Authors)) shouldBe listOf("keep")
    }

    test("a mutable entity changed in place writes only the changed field") {
        val reviewers = db.repository(Model.reviewers)
        val reviewer = reviewers.insert(Reviewer(null, "ann"))
        log.during { reviewers.update(reviewer) }.shouldBeEmpty()
        reviewer.name = "anne"
        val statements = log.during { reviewers.update(reviewer) }
        statements.size shouldBe 1
        statements[0].sql shouldContain "\"name\""
        db.list(select(Reviewers.name).from(Reviewers)) shouldBe listOf("anne")
        log.during { reviewers.update(reviewer) }.shouldBeEmpty()
    }

    test("an entity this handle never saw is updated in full") {
        val authors = db.repository(Model.authors)
        val stored = authors.insert(Author(name = "x", bio = "y"))
        val statements = log.during { db.repository(Model.authors).update(stored.copy(bio = "z")) }
        statements.size shouldBe 1
        statements[0].sql shouldContain "\"name\""
        statements[0].sql shouldContain "\"bio\""
        authors.findById(stored.id!!)!!.bio shouldBe "z"
    }

    test("an update of a vanished unversioned row is EntityNotFoundException") {
        val authors = db.repository(Model.authors)
        val stored = authors.insert(Author(name = "x"))
        db.repository(Model.authors).deleteById(stored.id!!)
        shouldThrow<EntityNotFoundException> { authors.update(stored.copy(name = "y")) }.message shouldContain "Author"
    }

    test("the version column is checked and bumped; a concurrent change is StaleEntityException and nothing is overwritten") {
        val author = db.repository(Model.authors).insert(Author(name = "v"))
        val first = db.repository(Model.books)
        val second = db.repository(Model.books)
        val id = first.insert(Book(authorId = author.id, title = "one", pages = 1)).id!!
        val mine = first.findById(id)!!
        val theirs = second.findById(id)!!
        val statements = log.during { first.update(mine.copy(pages = 2)).version shouldBe 1 }
        statements.single().sql.substringAfter("WHERE") shouldContain "\"version\""
        val stale = shouldThrow<StaleEntityException> { second.update(theirs.copy(title = "lost")) }
        stale.message shouldContain "Book"
        val now = first.findById(id)!!
        now.title shouldBe "one"
        now.pages shouldBe 2
        now.version shouldBe 1
        shouldThrow<StaleEntityException> { second.delete(theirs) }
        first.delete(now) shouldBe true
    }

    test("numbers equal in value but not in scale are no change") {
        val measurements = db.repository(Model.measurements)
        val stored = measurements.insert(sampleMeasurement(1))
        log.during { measurements.update(stored.copy(amount = java.math.BigDecimal("0.010"))) }.shouldBeEmpty()
        log.during { measurements.update(stored.copy(note = "n")) }.single().kind shouldBe PgOperationKind.QUERY
        measurements.findById(1)!!.note shouldBe "n"
    }
})

fun sampleMeasurement(i: Long) = Measurement(
    id = i,
    sensor = (i % 7).toInt(),
    reading = i * 0.5,
    label = "m$i",
    ok = i % 2 == 0L,
    amount = java.math.BigDecimal.valueOf(i, 2),
    day = java.time.LocalDate.of(2026, 1, 1).plusDays(i % 300),
    ref = java.util.UUID(i, -i),
    note = null,
    seq = i * 10,
)
