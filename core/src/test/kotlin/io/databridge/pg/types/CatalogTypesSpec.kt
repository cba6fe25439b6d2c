package io.databridge.pg.types

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.sql.Connection

private enum class Feeling { SAD, OK, HAPPY, SO_SO }

/** Runs [CatalogTypes.QUERY] through pgjdbc (which numbers parameters with `?`) and converts the rows. */
private fun Connection.catalogRows(oids: List<Int>, names: List<String>): List<CatalogTypeRow> =
    prepareStatement(CatalogTypes.QUERY.replace(Regex("\\$[12]"), "?")).use { st ->
        val values = mapOf("1" to oids.joinToString(",", "{", "}"), "2" to names.joinToString(",", "{", "}") { "\"$it\"" })
        Regex("\\$([12])").findAll(CatalogTypes.QUERY).forEachIndexed { i, m -> st.setString(i + 1, values.getValue(m.groupValues[1])) }
        st.executeQuery().use { rs ->
            buildList {
                while (rs.next()) {
                    val columns = (1..CatalogTypes.COLUMN_COUNT).map { i ->
                        val v = rs.getObject(i)
                        if (v is java.sql.Array) v.array else v
                    }
                    add(CatalogTypeRow.fromColumns(columns))
                }
            }
        }
    }

class CatalogTypesSpec : FunSpec({
    val server = ServerConnection()
    afterSpec {
        server.connection.exec("DROP SCHEMA IF EXISTS catspec CASCADE")
        server.close()
    }

    context("resolution, without a server") {
        test("terminates on a cycle and leaves unknown base types to text") {
            val registry = containerRegistry()
            val rows = listOf(
                CatalogTypeRow(oid = 100, name = "a", namespace = "public", kind = 'd', category = 'N', baseTypeOid = 101),
                CatalogTypeRow(oid = 101, name = "b", namespace = "public", kind = 'd', category = 'N', baseTypeOid = 100),
                CatalogTypeRow(oid = 102, name = "geo", namespace = "public", kind = 'b', category = 'U', arrayOid = 103),
                CatalogTypeRow(oid = 103, name = "_geo", namespace = "public", kind = 'b', category = 'A', elementOid = 102),
                CatalogTypeRow(oid = 104, name = "withgeo", namespace = "public", kind = 'c', category = 'C',
                    attributeNames = listOf("g", "n"), attributeTypes = listOf(102, 23)),
            )
            val added = CatalogTypes.resolve(rows, registry)
            added.map { it.type.oid } shouldBe listOf(104)
            registry.codecFor(100).shouldBeNull()
            registry.codecFor(103).shouldBeNull()
            (registry.codecFor("withgeo") as CompositeCodec).supportsBinary shouldBe false
            CatalogTypes.resolve(rows, registry).shouldBeEmpty()
        }
        test("rows from the query's columns") {
            CatalogTypeRow.fromColumns(listOf(5L, "mood", "app", "e", "E", ",", 0L, 6L, 0L, 0L, 0L, 0L, arrayOf("a", "b"), emptyList<String>(), null)) shouldBe
                CatalogTypeRow(5, "mood", "app", 'e', 'E', ',', 0, 6, enumLabels = listOf("a", "b"))
        }
    }

    context("against PostgreSQL") {
        val conn = server.connection
        conn.exec(
            """
            DROP SCHEMA IF EXISTS catspec CASCADE;
            CREATE SCHEMA catspec;
            CREATE EXTENSION hstore SCHEMA catspec;
            CREATE TYPE catspec.feeling AS ENUM ('sad', 'ok', 'happy', 'so so');
            CREATE DOMAIN catspec.posint AS int4 CHECK (VALUE > 0);
            CREATE TYPE catspec.inner AS (i int4, t text, f catspec.feeling);
            CREATE TABLE catspec.outer (items catspec.inner[], d catspec.posint, h catspec.hstore, r int4range, dropped int4);
            ALTER TABLE catspec.outer DROP COLUMN dropped;
            CREATE TYPE catspec.textrange AS RANGE (subtype = text);
            """.trimIndent(),
        )
        val registry = containerRegistry()
        val ctx = TestContext(registry)
        val added = CatalogTypes.resolve(
            conn.catalogRows(emptyList(), listOf("catspec.outer", "catspec.textrange")),
            registry,
            mapOf("catspec.feeling" to EnumMapping(Feeling::class.java) { it.name.lowercase().replace('_', ' ') }),
        )

        test("resolves the whole graph by name, recursively") {
            added.map { it.type.name }.toSet() shouldBe setOf(
                "catspec.outer", "catspec._outer", "catspec.inner", "catspec._inner", "catspec.feeling", "catspec._feeling",
                "catspec.posint", "catspec._posint", "catspec.hstore", "catspec._hstore", "catspec.textrange", "catspec._textrange",
                "catspec.textmultirange", "catspec._textmultirange",
            )
            registry.codecFor("catspec.hstore").shouldBeInstanceOf<HstoreCodec>()
            registry.codecFor("catspec.textmultirange").shouldBeInstanceOf<MultirangeCodec>()
            registry.codecForClass(Feeling::class.java)!!.type.name shouldBe "catspec.feeling"
        }
        test("resolves by OID too") {
            val oid = conn.string("SELECT 'catspec.feeling'::regtype::oid::text")!!.toInt()
            val fresh = containerRegistry()
            CatalogTypes.resolve(conn.catalogRows(listOf(oid), emptyList()), fresh)
            (fresh.codecFor(oid) as EnumCodec).labels shouldBe listOf("sad", "ok", "happy", "so so")
        }

        val literal = "ROW(ARRAY[ROW(1, 'a b', 'so so')::catspec.inner, NULL, ROW(NULL, '', 'happy')::catspec.inner], 5, 'a=>1, b=>NULL', '[1,3)')::catspec.outer"
        val expected = PgComposite(
            listOf(
                listOf(
                    PgComposite(listOf(1, "a b", Feeling.SO_SO), listOf("i", "t", "f")),
                    null,
                    PgComposite(listOf(null, "", Feeling.HAPPY), listOf("i", "t", "f")),
                ),
                5,
                mapOf("a" to "1", "b" to null),
                PgRange(RangeBound.Inclusive(1), RangeBound.Exclusive(3)),
            ),
            listOf("items", "d", "h", "r"),
        )
        test("server → us: a composite holding an array of composites with an enum, a domain, hstore and a range") {
            val outer = registry.codecFor("catspec.outer")!!
            outer.fromBinary(conn.bytes("SELECT record_send($literal)"), ctx) shouldBe expected
            outer.fromText(conn.string("SELECT ($literal)::text")!!, ctx) shouldBe expected
        }
        test("us → server: our text reads back identically and our binary equals record_send's") {
            @Suppress("UNCHECKED_CAST")
            val outer = registry.codecFor("catspec.outer") as PgCodec<PgComposite>
            val ours = outer.text(expected, ctx)
            conn.string("SELECT ?::catspec.outer::text", ours) shouldBe ours
            conn.bytes("SELECT record_send(?::catspec.outer)", ours).hex() shouldBe outer.binary(expected, ctx).hex()
            @Suppress("UNCHECKED_CAST")
            val outers = registry.codecFor("catspec._outer") as PgCodec<Any>
            val array = listOf(expected, null)
            conn.bytes("SELECT array_send(?::catspec.outer[])", outers.text(array, ctx)).hex() shouldBe outers.binary(array, ctx).hex()
        }
        test("enums, domains and user ranges through their send functions") {
            val feeling = registry.codecFor("catspec.feeling")!!
            feeling.fromBinary(conn.bytes("SELECT enum_send('so so'::catspec.feeling)"), ctx) shouldBe Feeling.SO_SO
            @Suppress("UNCHECKED_CAST")
            val posints = registry.codecFor("catspec._posint") as PgCodec<Any>
            conn.bytes("SELECT array_send('{1,2}'::catspec.posint[])").hex() shouldBe posints.binary(intArrayOf(1, 2), ctx).hex()
            val textrange = registry.codecFor("catspec.textrange")!!
            textrange.fromBinary(conn.bytes("SELECT range_send('[\"a b\",z)'::catspec.textrange)"), ctx) shouldBe
                PgRange(RangeBound.Inclusive("a b"), RangeBound.Exclusive("z"))
        }
    }
})
