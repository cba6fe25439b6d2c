package io.databridge.dsl.schema

import io.databridge.dsl.InvalidIdentifierException
import io.databridge.dsl.InvalidParameterException
import io.databridge.dsl.InvalidQueryException
import io.databridge.dsl.Table
import io.databridge.dsl.engineConnection
import io.databridge.dsl.gt
import io.databridge.dsl.lower
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.types.PgInterval
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith

private const val DDL_SCHEMA = "ddl_spec"

/** A default that tries to break out of its literal. */
private const val HOSTILE = "x'); DROP TABLE ddl_spec.victims; -- \\' \$\$ E'"

object DdlHostile : Table("hostile", DDL_SCHEMA) {
    val id = int4("id").primaryKey()
    val note = text("note").default(HOSTILE)
}

object DdlVictims : Table("victims", DDL_SCHEMA) {
    val id = int4("id")
}

/** A 61-character table name, so default names must be shortened the way PostgreSQL shortens them. */
private const val LONG_NAME = "a_table_name_that_is_long_enough_to_need_trimming_by_rules_xy"

object DdlNaming : Table(LONG_NAME, DDL_SCHEMA) {
    val alphaColumn = int4("alpha_column").primaryKey()
    val beta = int4("beta").unique()
    val gamma = text("gamma")
    val parent = int4("parent").nullable().references(DdlNaming.alphaColumn)

    init {
        check(beta gt 0)
        index(beta, alphaColumn)
        index(gamma.lower())
        unique(beta, gamma)
    }
}

class DdlSpec : FunSpec({
    beforeSpec { engineConnection("DROP SCHEMA IF EXISTS $DDL_SCHEMA CASCADE; CREATE SCHEMA $DDL_SCHEMA").close() }
    afterSpec { engineConnection("DROP SCHEMA IF EXISTS $DDL_SCHEMA CASCADE").close() }

    test("statements come in dependency order: enum types, referenced tables first, cycle keys added last") {
        val statements = createStatements(*CORPUS)
        statements.first() shouldBe "CREATE TYPE \"rt_genre\" AS ENUM (E'FICTION', E'SCIENCE', E'POETRY')"
        val tables = statements.filter { it.startsWith("CREATE TABLE") }.map { it.substringAfter("CREATE TABLE ").substringBefore(" (") }
        // types references nothing; books and authors reference each other: books goes first (the first table on the
        // cycle), reviews as soon as books exists.
        tables shouldContainExactly listOf("\"rt_lib\".\"types\"", "\"rt_lib\".\"books\"", "\"reviews\"", "\"rt_lib\".\"authors\"")
        statements.last() shouldBe "ALTER TABLE \"rt_lib\".\"books\" ADD CONSTRAINT \"books_author_id_fkey\" FOREIGN KEY (\"author_id\") " +
            "REFERENCES \"rt_lib\".\"authors\" (\"id\") ON DELETE CASCADE ON UPDATE RESTRICT"
        statements.single { it.startsWith("CREATE TABLE \"rt_lib\".\"authors\"") } shouldContain
            "CONSTRAINT \"authors_favourite_isbn_favourite_edition_fkey\" FOREIGN KEY (\"favourite_isbn\", \"favourite_edition\") " +
            "REFERENCES \"rt_lib\".\"books\" (\"isbn\", \"edition\") DEFERRABLE INITIALLY DEFERRED"
    }

    test("a default holding quotes, backslashes and SQL stays one literal and reads back unchanged") {
        engineConnection("SET search_path = $DDL_SCHEMA").use { conn ->
            conn.create(DdlVictims, DdlHostile)
            createStatements(DdlHostile).first() shouldContain "DEFAULT E'x''); DROP TABLE ddl_spec.victims; -- \\\\'' \$\$ E'''::text"
            conn.execute("INSERT INTO $DDL_SCHEMA.hostile (id) VALUES (1)")
            conn.query("SELECT note FROM $DDL_SCHEMA.hostile").rows.single().getString(0) shouldBe HOSTILE
            conn.query("SELECT count(*) FROM $DDL_SCHEMA.victims").rows.single().getLong(0) shouldBe 0L
            conn.drop(DdlHostile, DdlVictims)
        }
    }

    test("default names are the ones PostgreSQL itself chooses, trimmed to 63 bytes") {
        engineConnection().use { conn ->
            conn.simpleQuery(
                """CREATE TABLE $DDL_SCHEMA.$LONG_NAME (alpha_column int4 PRIMARY KEY, beta int4 NOT NULL UNIQUE, gamma text NOT NULL,
                   parent int4 REFERENCES $DDL_SCHEMA.$LONG_NAME, CHECK (beta > 0), UNIQUE (beta, gamma));
                   CREATE INDEX ON $DDL_SCHEMA.$LONG_NAME (beta, alpha_column); CREATE INDEX ON $DDL_SCHEMA.$LONG_NAME (lower(gamma))""",
            )
            val byServer = CatalogReader(conn).readTable(DDL_SCHEMA, LONG_NAME)!!
            val declared = SchemaModel.of(DdlNaming).tables.single()
            declared.constraints.map { it.name } shouldContainExactly byServer.constraints.map { it.name }
            declared.indexes.map { it.name } shouldContainExactly byServer.indexes.map { it.name }
            declared.primaryKey!!.name shouldBe "a_table_name_that_is_long_enough_to_need_trimming_by_rules_pkey"
            conn.execute("DROP TABLE $DDL_SCHEMA.$LONG_NAME")
        }
    }

    test("ifNotExists leaves existing objects alone; without it a second create fails and the connection stays usable") {
        engineConnection().use { conn ->
            conn.create(*CORPUS_IN_DDL)
            conn.create(*CORPUS_IN_DDL, ifNotExists = true)
            val failure = shouldThrow<PgServerException> { conn.create(*CORPUS_IN_DDL) }
            failure.message shouldContain "already exists"
            conn.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            conn.drop(*CORPUS_IN_DDL)
            conn.drop(*CORPUS_IN_DDL, ifExists = true)
            conn.query("SELECT count(*) FROM pg_class WHERE relname IN ('ddl_parent', 'ddl_child')").rows.single().getLong(0) shouldBe 0L
        }
    }

    test("drop without cascade refuses a table others depend on; with cascade it goes") {
        engineConnection().use { conn ->
            conn.create(*CORPUS_IN_DDL)
            shouldThrow<PgServerException> { conn.drop(DdlParent) }.message shouldContain "depend"
            conn.drop(DdlParent, cascade = true)
            CatalogReader(conn).readTable(DDL_SCHEMA, "ddl_parent") shouldBe null
            CatalogReader(conn).readTable(DDL_SCHEMA, "ddl_child")!!.foreignKeys shouldBe emptyList()
            conn.drop(DdlChild)
        }
    }

    test("declarations DDL cannot express are refused with the reason") {
        shouldThrow<SchemaException> {
            object : Table("bad_fk") {
                val a = int4("a")
                init { foreignKey(listOf(a), listOf(DdlParent.id, DdlParent.id)) }
            }
        }.message shouldContain "as many target columns"
        shouldThrow<SchemaException> {
            SchemaModel.of(object : Table("bad_identity") {
                val a = int4("a").generatedAlwaysAsIdentity().generatedAlwaysAs(DdlParent.id)
            })
        }.message shouldContain "both identity and generated"
        shouldThrow<InvalidIdentifierException> {
            object : Table("bad_name") {
                val a = int4("a")
                init { check(a gt 0, name = "x\u0000y") }
            }
        }
        shouldThrow<InvalidParameterException> {
            object : Table("bad_default") {
                val a = interval("a").default(PgInterval(1, 0, 0L))
            }
        }.message shouldContain "no literal form"
        shouldThrow<SchemaException> { createStatements(DdlParent, DdlParent) }.message shouldContain "twice"
        shouldThrow<InvalidQueryException> {
            object : Table("bad_index") {
                val a = int4("a")
                init { index(a, DdlParent.id) }
            }
        }.message shouldContain "does not belong"
        shouldThrow<SchemaException> {
            SchemaModel.of(object : Table("bad_identity_default") {
                val a = int4("a").default(1).generatedAlwaysAsIdentity()
            })
        }.message shouldContain "cannot also have a default"
        shouldThrow<SchemaException> {
            object : Table("bad_pk") {
                val a = int4("a").primaryKey()
                init { primaryKey(a) }
            }
        }.message shouldContain "primary key twice"
    }

    test("comments and enum types are created, and a table in a schema is qualified") {
        val statements = createStatements(RtAuthors)
        statements shouldContainExactly statements.distinct()
        statements.filter { it.startsWith("COMMENT") } shouldContainExactly listOf(
            "COMMENT ON TABLE \"rt_lib\".\"authors\" IS E'people who write'",
            "COMMENT ON COLUMN \"rt_lib\".\"authors\".\"name\" IS E'display name'",
        )
        createStatements(RtBooks, ifNotExists = true).first() shouldStartWith "DO \$ddl\$ BEGIN CREATE TYPE \"rt_genre\""
    }
})

object DdlParent : Table("ddl_parent", DDL_SCHEMA) {
    val id = int4("id").primaryKey()
}

object DdlChild : Table("ddl_child", DDL_SCHEMA) {
    val id = int4("id").primaryKey()
    val parentId = int4("parent_id").references(DdlParent.id)
}

private val CORPUS_IN_DDL = arrayOf(DdlChild, DdlParent)
