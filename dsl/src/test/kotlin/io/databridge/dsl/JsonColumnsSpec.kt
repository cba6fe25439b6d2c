package io.databridge.dsl

import io.databridge.dsl.exec.SqlExecutor
import io.databridge.dsl.exec.asSqlExecutor
import io.databridge.dsl.exec.execute
import io.databridge.dsl.exec.list
import io.databridge.dsl.exec.single
import io.databridge.dsl.types.JsonDefaults
import io.databridge.dsl.types.JsonType
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.SerializationException
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json

@Serializable
data class Settings(val theme: String, val beta: Boolean = false, val tags: List<String> = emptyList())

/** A partial [Settings]: only the properties given take part in `@>`. */
@Serializable
data class SettingsFilter(val theme: String? = null, val beta: Boolean? = null)

private val strict = Json { encodeDefaults = false }

object Profiles : Table("profiles") {
    val id = int4("id").primaryKey()
    val settings = jsonb<Settings>("settings")
    val strictSettings = jsonb<Settings>("strict_settings", strict).nullable()
}

object StrictProfiles : Table("profiles", jsonFormat = strict) {
    val id = int4("id").primaryKey()
    val settings = jsonb<Settings>("settings")
}

class JsonColumnsSpec : FunSpec({
    lateinit var conn: PgConnection
    lateinit var db: SqlExecutor
    beforeSpec {
        conn = engineConnection(
            "DROP SCHEMA IF EXISTS dsl_json CASCADE; CREATE SCHEMA dsl_json",
            "SET search_path = dsl_json",
            "CREATE TABLE profiles (id int4 PRIMARY KEY, settings jsonb NOT NULL, strict_settings jsonb)",
        )
        db = conn.asSqlExecutor()
    }
    beforeTest { conn.simpleQuery("TRUNCATE profiles") }
    afterSpec { conn.use { it.simpleQuery("DROP SCHEMA dsl_json CASCADE") } }

    test("the default configuration stores properties left at their default, so ? and @> find them") {
        db.execute(Profiles.insert { it[Profiles.id] = 1; it[Profiles.settings] = Settings("dark") })
        db.single(select(sql(io.databridge.dsl.types.PgTypes.text, "settings::text")).from(Profiles)) shouldBe
            """{"beta": false, "tags": [], "theme": "dark"}"""
        db.list(select(Profiles.id).from(Profiles).where(Profiles.settings.hasKey("beta"))) shouldBe listOf(1)
    }

    test("the default configuration reads documents with keys the class does not have") {
        conn.simpleQuery("""INSERT INTO profiles VALUES (2, '{"theme": "light", "addedByOtherService": {"x": 1}}')""")
        db.single(select(Profiles.settings).from(Profiles)) shouldBe Settings("light")
    }

    test("a column's own configuration wins over the default, and a table's applies to its columns") {
        db.execute(Profiles.insert { it[Profiles.id] = 3; it[Profiles.settings] = Settings("a"); it[Profiles.strictSettings] = Settings("b") })
        db.single(select(sql(io.databridge.dsl.types.PgTypes.text, "strict_settings::text")).from(Profiles)) shouldBe """{"theme": "b"}"""
        db.execute(StrictProfiles.update(StrictProfiles.id eq 3) { it[StrictProfiles.settings] = Settings("c") })
        db.single(select(sql(io.databridge.dsl.types.PgTypes.text, "settings::text")).from(Profiles)) shouldBe """{"theme": "c"}"""
        (StrictProfiles.settings.pgType as JsonType<*>).format shouldBe strict
        // A strict configuration refuses what the default accepts.
        conn.simpleQuery("""UPDATE profiles SET settings = '{"theme": "d", "extra": 1}'""")
        shouldThrow<SerializationException> { db.list(select(StrictProfiles.settings).from(StrictProfiles)) }
        db.single(select(Profiles.settings).from(Profiles)) shouldBe Settings("d")
    }

    test("the global default applies to columns without their own, also to tables declared before it changed") {
        val before = JsonDefaults.json
        try {
            JsonDefaults.json = Json { encodeDefaults = false }
            db.execute(Profiles.insert { it[Profiles.id] = 4; it[Profiles.settings] = Settings("e") })
            db.single(select(sql(io.databridge.dsl.types.PgTypes.text, "settings::text")).from(Profiles)) shouldBe """{"theme": "e"}"""
        } finally {
            JsonDefaults.json = before
        }
    }

    test("@> takes a whole mapped value or a partial object, both bound as jsonb") {
        db.execute(Profiles.insert { it[Profiles.id] = 5; it[Profiles.settings] = Settings("dark", beta = true, tags = listOf("x")) })
        db.execute(Profiles.insert { it[Profiles.id] = 6; it[Profiles.settings] = Settings("dark") })
        db.list(select(Profiles.id).from(Profiles).where(Profiles.settings jsonContains Settings("dark", beta = true, tags = listOf("x")))) shouldBe listOf(5)
        db.list(select(Profiles.id).from(Profiles).where(Profiles.settings jsonContainsPartial SettingsFilter(beta = true))) shouldBe listOf(5)
        db.list(select(Profiles.id).from(Profiles).where(Profiles.settings jsonContainsPartial SettingsFilter(theme = "dark")).orderBy(Profiles.id.asc())) shouldBe
            listOf(5, 6)
        db.list(select(Profiles.id).from(Profiles).where(Profiles.strictSettings jsonContains Settings("dark"))) shouldBe emptyList()
    }

    test("typed @> renders one jsonb parameter and refuses a column that is not typed jsonb") {
        val rendered = io.databridge.dsl.render.SqlRenderer.shared.render(
            select(Profiles.id).from(Profiles).where(Profiles.settings jsonContainsPartial SettingsFilter(beta = true)).statement,
        )
        rendered.sql shouldContain "(\"profiles\".\"settings\" @> \$1::jsonb)"
        rendered.parameters.single().value.toString() shouldBe """{"beta":true}"""
        shouldThrow<InvalidQueryException> { Profiles.id.jsonContainsPartial(SettingsFilter(beta = true)) }.message shouldContain "jsonb"
    }
})
