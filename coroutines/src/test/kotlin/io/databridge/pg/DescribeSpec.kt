package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.errors.PgServerException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldEndWith

/** `describe` gives a statement's result columns from the server's Describe, without running the statement. */
class DescribeSpec : FunSpec({
    val url = SharedPostgres.server.url()
    lateinit var conn: PgConnection

    beforeSpec {
        conn = PgConnection.connect(url)
        conn.simpleQuery("CREATE TEMP TABLE described (id int4 PRIMARY KEY, label text, at timestamptz DEFAULT now())")
    }
    afterSpec { conn.close() }

    test("a select's columns, placeholders without values") {
        conn.describe("SELECT \$1::int8 AS n, label, at FROM described WHERE id = \$2").map { it.name to it.typeName } shouldBe
            listOf("n" to "int8", "label" to "text", "at" to "timestamptz")
    }

    test("an INSERT … RETURNING is described and not run; a statement without rows has no columns") {
        conn.describe("INSERT INTO described (id, label) VALUES (\$1, \$2) RETURNING id, at").map { it.name } shouldBe listOf("id", "at")
        conn.describe("UPDATE described SET label = 'x'") shouldBe emptyList()
        conn.query("SELECT count(*) FROM described").rows.single().getLong(0) shouldBe 0L
    }

    test("a type the registry does not know yet is looked up, so its name is known") {
        conn.simpleQuery("CREATE TYPE pg_temp.described_mood AS ENUM ('calm')")
        conn.describe("SELECT 'calm'::pg_temp.described_mood AS mood").single().typeName shouldEndWith "described_mood"
    }

    test("a statement the server refuses throws its error and the connection stays usable") {
        shouldThrow<PgServerException> { conn.describe("SELECT nope FROM described") }
        conn.query("SELECT 1").rows.single().getInt(0) shouldBe 1
    }
})
