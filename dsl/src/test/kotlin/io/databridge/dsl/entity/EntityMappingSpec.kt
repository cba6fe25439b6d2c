package io.databridge.dsl.entity

import io.databridge.dsl.Table
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

private object Notes : Table("notes") {
    val id = int4("id").primaryKey()
    val body = text("body")
    val ownerId = int8("owner_id").references(Authors.id)
}

private data class Note(val id: Int, val body: String, val ownerId: Long) {
    val owner = Related<Author?>("Note.owner")
}

class EntityMappingSpec : FunSpec({
    test("a table column without a property is an error naming the entity and the column") {
        val failure = shouldThrow<InvalidMappingException> {
            entity<Note, Int>(Notes) {
                id(Notes.id, Note::id)
                column(Notes.body, Note::body)
                construct { Note(it[Notes.id], it[Notes.body], 0) }
            }
        }
        failure.message shouldContain "Note"
        failure.message shouldContain "notes.owner_id"
    }

    test("a column of another table is an error naming both tables") {
        val failure = shouldThrow<InvalidMappingException> {
            entity<Note, Int>(Notes) { column(Books.title) { it.body } }
        }
        failure.message shouldContain "books.title"
        failure.message shouldContain "notes"
    }

    test("an id that is not the primary key, a missing id and a missing factory are refused") {
        shouldThrow<InvalidMappingException> {
            entity<Note, String>(Notes) {
                id(Notes.body, Note::body)
                column(Notes.id, Note::id)
                column(Notes.ownerId, Note::ownerId)
                construct { Note(it[Notes.id], it[Notes.body], it[Notes.ownerId]) }
            }
        }.message shouldContain "primary key"
        shouldThrow<InvalidMappingException> {
            entity<Note, Int>(Notes) {
                column(Notes.id, Note::id)
                column(Notes.body, Note::body)
                column(Notes.ownerId, Note::ownerId)
                construct { Note(it[Notes.id], it[Notes.body], it[Notes.ownerId]) }
            }
        }.message shouldContain "no id"
        shouldThrow<InvalidMappingException> {
            entity<Note, Int>(Notes) {
                id(Notes.id, Note::id)
                column(Notes.body, Note::body)
                column(Notes.ownerId, Note::ownerId)
            }
        }.message shouldContain "construct"
    }

    test("relations must follow a declared foreign key between the two tables") {
        val notes = entity<Note, Int>(Notes) {
            id(Notes.id, Note::id)
            column(Notes.body, Note::body)
            column(Notes.ownerId, Note::ownerId)
            construct { Note(it[Notes.id], it[Notes.body], it[Notes.ownerId]) }
        }
        notes.manyToOne(Model.authors, Notes.ownerId, Note::owner).referenced shouldBe Authors.id
        shouldThrow<InvalidMappingException> { notes.manyToOne(Model.authors, Notes.body, Note::owner) }.message shouldContain
            "not declared as a foreign key"
        shouldThrow<InvalidMappingException> { notes.manyToOne(Model.reviewers, Notes.ownerId, { Related<Reviewer?>() }) }
            .message shouldContain "references authors.id, not a column of reviewers"
        shouldThrow<InvalidMappingException> {
            Model.authors.oneToMany(Model.reviews, Reviews.bookId, { Related<List<Review>>() }, OnDelete.DETACH)
        }.message shouldContain "references books.id"
        shouldThrow<InvalidMappingException> {
            Model.books.oneToMany(Model.reviews, Reviews.bookId, { Related<List<Review>>() }, OnDelete.DETACH)
        }.message shouldContain "not nullable"
    }
})
