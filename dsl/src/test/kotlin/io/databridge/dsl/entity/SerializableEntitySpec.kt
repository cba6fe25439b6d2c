package io.databridge.dsl.entity

import io.databridge.dsl.Table
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.OffsetDateTime
import kotlinx.serialization.Contextual
import kotlinx.serialization.Serializable

@Serializable
data class SerialBook(
    val id: Int? = null,
    val authorId: Long,
    val title: String,
    val pages: Int,
    @Contextual val createdAt: OffsetDateTime? = null,
    val version: Int = 0,
)

private object Gadgets : Table("gadgets") {
    val id = int4("id").primaryKey()
    val name = text("name")
    val weight = int4("weight")
    val note = text("note").nullable()
}

@Serializable
private data class WrongType(val id: Int, val name: String, val weight: String, val note: String?)

@Serializable
private data class NonNullNote(val id: Int, val name: String, val weight: Int, val note: String)

@Serializable
private data class MissingColumn(val id: Int, val name: String, val weight: Int)

@Serializable
private data class ExtraProperty(val id: Int, val name: String, val weight: Int, val note: String?, val color: String)

class SerializableEntitySpec : FunSpec({
    val log = StatementLog()
    lateinit var db: PgConnection
    beforeEach { db = entityConnection(log) }
    afterEach { db.close() }

    val books = serializableEntity<SerialBook, Int>(Books) {
        generated(Books.id, Books.createdAt)
        version(Books.version)
    }

    test("a mapping derived from the serializer binds camelCase properties to snake_case columns and round-trips") {
        val author = db.repository(Model.authors).insert(Author(name = "serial"))
        val repository = db.repository(books)
        val stored = repository.insert(SerialBook(authorId = author.id!!, title = "t", pages = 10))
        stored.id.shouldNotBeNull()
        stored.createdAt.shouldNotBeNull()
        repository.findById(stored.id!!) shouldBe stored
        log.during { repository.update(stored) }.size shouldBe 0
        val statements = log.during { repository.update(stored.copy(pages = 11)).version shouldBe 1 }
        statements.single().sql.substringAfter("SET").substringBefore("WHERE") shouldBe " \"pages\" = \$1::int4, \"version\" = \$2::int4 "
    }

    test("a property whose type cannot hold the column is an error naming both sides") {
        shouldThrow<InvalidMappingException> { serializableEntity<WrongType, Int>(Gadgets) }.message shouldBe
            "WrongType.weight is kotlin.String, but column gadgets.weight is int4"
        shouldThrow<InvalidMappingException> { serializableEntity<NonNullNote, Int>(Gadgets) }.message shouldContain
            "NonNullNote.note is non-null kotlin.String, but column gadgets.note is nullable"
    }

    test("a column without a property and a property without a column are errors") {
        shouldThrow<InvalidMappingException> { serializableEntity<MissingColumn, Int>(Gadgets) }.message shouldContain
            "MissingColumn has no property for column gadgets.note"
        shouldThrow<InvalidMappingException> { serializableEntity<ExtraProperty, Int>(Gadgets) }.message shouldContain
            "ExtraProperty.color has no column in gadgets"
    }
})
