package io.databridge.pg

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.types.PgComposite
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe

class CatalogTypesSpec : FunSpec({
    val url = SharedPostgres.server.url()

    test("arrays, an enum and a composite round-trip; catalog types are resolved on first sight") {
        PgConnection.connect(url).use { c ->
            c.simpleQuery(
                "DROP TYPE IF EXISTS ct_mood CASCADE; DROP TYPE IF EXISTS ct_pair CASCADE; " +
                    "CREATE TYPE ct_mood AS ENUM ('sad', 'happy'); CREATE TYPE ct_pair AS (a int4, b text)",
            )
            c.types.codecFor("ct_mood") shouldBe null
            val row = c.query(
                "SELECT $1::int4[] AS a, ARRAY['x', NULL]::text[] AS b, 'happy'::ct_mood AS m, ROW(1, 'one')::ct_pair AS p, " +
                    "$2::ct_mood AS m2, ARRAY['sad', 'happy']::ct_mood[] AS ms, $3::ct_pair AS p2",
                listOf(1, 2, 3), "sad", PgComposite(listOf(2, "two")),
            ).rows.single()
            row.get<List<Int?>>("a") shouldBe listOf(1, 2, 3)
            row.get<List<String?>>("b") shouldBe listOf("x", null)
            row.getString("m") shouldBe "happy"
            row.getString("m2") shouldBe "sad"
            row.get<List<String?>>("ms") shouldBe listOf("sad", "happy")
            row.get<PgComposite>("p").values shouldBe listOf(1, "one")
            row.get<PgComposite>("p2").values shouldBe listOf(2, "two")
            c.types.codecFor("ct_mood").shouldNotBeNull()
            c.types.codecFor("ct_pair").shouldNotBeNull()
            val text = c.simpleQuery("SELECT ROW(3, 'three')::ct_pair AS p, 'sad'::ct_mood AS m").single().rows.single()
            text.get<PgComposite>("p").values shouldBe listOf(3, "three")
            text.getString("m") shouldBe "sad"
        }
    }

    test("NULLs of every kind decode as null") {
        PgConnection.connect(url).use { c ->
            val row = c.query("SELECT NULL::int4[] a, NULL::jsonb b, NULL::uuid c, $1::int8 d", null).rows.single()
            (0 until row.size).all { row.isNull(it) && row.getObject(it) == null } shouldBe true
        }
    }
})
