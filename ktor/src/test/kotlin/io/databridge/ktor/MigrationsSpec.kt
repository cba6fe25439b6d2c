package io.databridge.ktor

import io.databridge.dsl.migrate.MigrationFailedException
import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.databridge.pg.PgConnection
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.install
import io.ktor.server.config.MapApplicationConfig
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import io.ktor.server.testing.testApplication
import kotlinx.coroutines.runBlocking

class MigrationsSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("ktor-migrations"))

    /** A fresh schema [schema] and the URL that works in it as [applicationName]. */
    suspend fun schemaUrl(schema: String, applicationName: String): String {
        PgConnection.connect(db.url).use { it.simpleQuery("DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema") }
        return "${db.url}?search_path=$schema&application_name=$applicationName"
    }

    suspend fun scalar(schema: String, sql: String): Long =
        PgConnection.connect("${db.url}?search_path=$schema").use { it.query(sql).rows.single().getLong(0) }

    test("migrations { locations } are applied while the application starts, before it serves requests") {
        val url = schemaUrl("k_install", "k_install")
        testApplication {
            environment { config = MapApplicationConfig("databridge.url" to url) }
            application {
                install(DataBridge) {
                    environment = emptyMap()
                    migrations { locations = listOf("classpath:ktor-migrate/ok") }
                }
                // Still inside the module, before any routing exists: the table is already there.
                runBlocking { dataBridge.query("SELECT count(*) FROM greeting").rows.single().getLong(0) } shouldBe 1L
                routing {
                    get("/greeting") {
                        call.respondText(call.application.dataBridge.query("SELECT text FROM greeting").rows.single().getString(0))
                    }
                }
            }
            client.get("/greeting").bodyAsText() shouldBe "hello from a migration"
        }
        scalar("k_install", "SELECT count(*) FROM databridge_schema_history WHERE success") shouldBe 1L
    }

    test("the application config's databridge.migrations section configures the run") {
        val url = schemaUrl("k_config", "k_config")
        testApplication {
            val app = startWith(
                hocon(
                    """
                    databridge {
                      url = "$url"
                      migrations { locations = ["classpath:ktor-migrate/ok"], table = "app_history", outOfOrder = true }
                    }
                    """.trimIndent(),
                ),
            )
            app.dataBridge.query("SELECT text FROM greeting").rows.single().getString(0) shouldBe "hello from a migration"
        }
        scalar("k_config", "SELECT count(*) FROM app_history") shouldBe 1L
    }

    test("a failing migration stops the start, leaves the migration rolled back, and opens no pool") {
        val url = schemaUrl("k_broken", "k_broken")
        val failure = shouldThrow<Throwable> {
            testApplication {
                startWith(MapApplicationConfig("databridge.url" to url), { migrations { locations = listOf("classpath:ktor-migrate/broken") } })
            }
        }
        val migrationFailure = generateSequence(failure) { it.cause }.filterIsInstance<MigrationFailedException>().firstOrNull()
        migrationFailure.shouldNotBeNull()
        migrationFailure.script shouldBe "V2__fails.sql"
        migrationFailure.line shouldBe 2
        migrationFailure.sqlState shouldBe "22012"
        scalar("k_broken", "SELECT count(*) FROM pg_tables WHERE tablename = 'also_rolled_back'") shouldBe 0L
        scalar("k_broken", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'k_broken'") shouldBe 0L
    }

    test("a malformed or unknown migrations setting stops the start with the key named") {
        val url = schemaUrl("k_bad", "k_bad")
        fun settings(vararg entries: Pair<String, String>) =
            DataBridgeSettings.resolve(MapApplicationConfig("databridge.url" to url, *entries), DataBridgeConfig().apply { environment = emptyMap() })

        settings().migrations shouldBe null
        settings("databridge.migrations.locations" to "classpath:a, filesystem:/b").migrations!!.locations shouldBe
            listOf("classpath:a", "filesystem:/b")
        shouldThrow<DataBridgeConfigException> {
            settings("databridge.migrations.locations" to "classpath:a", "databridge.migrations.outOfOrder" to "sometimes")
        }.key shouldBe "databridge.migrations.outOfOrder"
        shouldThrow<DataBridgeConfigException> { settings("databridge.migrations.tabel" to "x") }.message shouldContain
            "databridge.migrations.tabel: unknown setting"
    }
})
