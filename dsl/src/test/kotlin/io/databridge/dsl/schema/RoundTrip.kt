package io.databridge.dsl.schema

import io.databridge.pg.PgConnection
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/** The model without expression text (defaults, generated columns, checks, index expressions and predicates). */
fun SchemaModel.structure(): SchemaModel = SchemaModel(
    enums,
    tables.map { t ->
        t.copy(
            columns = t.columns.map { it.copy(default = it.default?.let { "<default>" }, generated = it.generated?.let { "<generated>" }) },
            checks = t.checks.map { it.copy(expression = "<check>") },
            indexes = t.indexes.map { i ->
                i.copy(where = i.where?.let { "<where>" }, keys = i.keys.map { k -> if (k is IndexKey.ExpressionKey) IndexKey.ExpressionKey("<expr>") else k })
            },
        )
    },
)

/**
 * Creates the corpus on [url]'s server and checks that the catalog gives back what the objects declare: the
 * whole structure equal, expressions as PostgreSQL deparses them, and an empty diff.
 */
suspend fun corpusRoundTrip(url: String) {
    PgConnection.connect(url).use { conn ->
        conn.simpleQuery(CORPUS_SETUP)
        conn.create(*CORPUS)
        val declared = SchemaModel.of(*CORPUS)
        val read = conn.readSchema(*CORPUS)
        read.structure() shouldBe declared.structure()

        val authors = read.table(CORPUS_SCHEMA, "authors")!!
        authors.column("score")!!.default shouldBe "0"
        authors.column("motto")!!.default shouldBe "'it''s a \\ test'::text"
        authors.column("joined")!!.default shouldBe "now()"
        authors.column("token")!!.default shouldBe "gen_random_uuid()"
        authors.column("active")!!.default shouldBe "true"
        authors.column("born")!!.default shouldBe "'1970-01-01'::date"
        authors.checks.single().expression shouldBe "(score >= 0)"
        authors.indexes.first { it.name == "authors_lower_name_idx" }.keys shouldContainExactly listOf(IndexKey.ExpressionKey("lower(name::text)"))
        authors.indexes.first { it.name == "authors_email_idx" }.where shouldBe "motto IS NOT NULL"

        val books = read.table(CORPUS_SCHEMA, "books")!!
        books.column("genre")!!.default shouldBe "'FICTION'::rt_genre"
        books.column("tags")!!.default shouldBe "ARRAY['new'::text]"
        books.column("price_with_tax")!!.generated shouldBe "(price * 1.20)"
        books.checks.first { it.name == "books_price_nonneg" }.expression shouldBe "(price >= (0)::numeric)"
        books.indexes.first { it.name == "books_author_id_price_idx" }.where shouldBe "price <= 100.00"

        conn.diff(*CORPUS).isEmpty shouldBe true
        conn.drop(*CORPUS)
        conn.readSchema(*CORPUS) shouldBe SchemaModel(emptyList(), emptyList())
    }
}
