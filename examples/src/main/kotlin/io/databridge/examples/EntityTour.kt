package io.databridge.examples

import io.databridge.dsl.Table
import io.databridge.dsl.entity.OnDelete
import io.databridge.dsl.entity.Related
import io.databridge.dsl.entity.entity
import io.databridge.dsl.entity.repository
import io.databridge.dsl.schema.ReferenceAction
import io.databridge.dsl.schema.create
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgPool
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.observe.PgInstrumentation
import io.databridge.pg.observe.PgOperationObserver
import io.databridge.pg.observe.PgOperationResult
import java.util.concurrent.atomic.AtomicInteger

/** The authors of the entity tour: an identity key the database generates. */
internal object Authors : Table("author") {
    val id = int8("id").generatedAlwaysAsIdentity().primaryKey()
    val name = text("name")
}

/** Their books; deleting an author deletes them. */
internal object Books : Table("book") {
    val id = int8("id").generatedAlwaysAsIdentity().primaryKey()
    val authorId = int8("author_id").references(Authors.id, onDelete = ReferenceAction.CASCADE)
    val title = text("title")
}

/** An author as the application sees it: an immutable data class, its books loaded only when asked for. */
internal data class Author(val id: Long? = null, val name: String) {
    val books = Related<List<Book>>("Author.books")
}

/** A book; its author's key is filled in when it is saved with its author. */
internal data class Book(val id: Long? = null, val authorId: Long? = null, val title: String)

internal val AuthorMapping = entity<Author, Long>(Authors) {
    generatedId(Authors.id, Author::id)
    column(Authors.name, Author::name)
    construct { Author(it[Authors.id], it[Authors.name]) }
}

internal val BookMapping = entity<Book, Long>(Books) {
    generatedId(Books.id, Book::id)
    foreignKey(Books.authorId, Book::authorId)
    column(Books.title, Book::title)
    construct { Book(it[Books.id], it[Books.authorId], it[Books.title]) }
}

internal val authorBooks = AuthorMapping.oneToMany(BookMapping, Books.authorId, Author::books, OnDelete.CASCADE)

/** Entities on a pool: a cascading insert, eager loading without N+1, and an update that writes only what changed. */
internal suspend fun entityTour(url: String): List<Pair<String, Boolean>> {
    val statements = AtomicInteger()
    val counting = PgInstrumentation { operation ->
        if (operation.kind in STATEMENTS) statements.incrementAndGet()
        IGNORED
    }
    val pool = PgPool.create("$url?pool_max_size=2", PgPoolOptions(connect = ConnectOptions(instrumentations = listOf(counting))))
    try {
        pool.create(Authors, Books)
        val authors = pool.repository(AuthorMapping)
        authors.insert(Author(name = "Herbert").apply { books.set(listOf(Book(title = "Dune"), Book(title = "Messiah"))) })
        authors.insert(Author(name = "Le Guin").apply { books.set(listOf(Book(title = "The Dispossessed"))) })

        statements.set(0)
        val loaded = authors.findAll(with = listOf(authorBooks))
        val loadStatements = statements.get()
        println("Loaded ${loaded.size} authors with their books in $loadStatements statements: ${loaded.map { "${it.name}: ${it.books.value.map(Book::title)}" }}")

        statements.set(0)
        authors.update(loaded[0])
        val unchanged = statements.get()
        authors.update(loaded[0].copy(name = "Frank Herbert"))
        println("An unchanged entity's update ran $unchanged statements; a renamed one ran ${statements.get() - unchanged}")
        val renamed = authors.findById(loaded[0].id!!)?.name

        return listOf(
            "entities eager loading" to (loadStatements == 2 && loaded.sumOf { it.books.value.size } == 3),
            "entities change tracking" to (unchanged == 0 && renamed == "Frank Herbert"),
        )
    } finally {
        pool.closeGracefully()
    }
}

private val STATEMENTS = setOf(PgOperationKind.QUERY, PgOperationKind.EXECUTE, PgOperationKind.BATCH)

private val IGNORED = object : PgOperationObserver {
    override fun end(result: PgOperationResult) = Unit
}
