package io.databridge.ktor

import io.databridge.dsl.exec.query
import io.databridge.dsl.rawSql
import io.databridge.embedded.kotest.PostgresDatabaseExtension
import io.kotest.core.extensions.install
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.ktor.server.config.ApplicationConfig
import io.ktor.server.config.MapApplicationConfig
import io.ktor.server.config.yaml.YamlConfig
import io.ktor.server.testing.testApplication
import java.nio.file.Files
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class ConfigSpec : FunSpec({
    val db = install(PostgresDatabaseExtension("ktor-config"))

    fun resolve(config: ApplicationConfig, env: Map<String, String> = emptyMap(), block: DataBridgeConfig.() -> Unit = {}) =
        DataBridgeSettings.resolve(config, DataBridgeConfig().apply { environment = env; block() })

    fun failure(config: ApplicationConfig, env: Map<String, String> = emptyMap(), block: DataBridgeConfig.() -> Unit = {}) =
        shouldThrow<DataBridgeConfigException> { resolve(config, env, block) }

    test("HOCON: the url and every pool setting reach the pool") {
        val settings = resolve(
            hocon(
                """
                databridge {
                  url = "${db.url}"
                  pool { maxSize = 3, minSize = 1, acquireTimeout = 2s, maxLifetime = 0, idleTimeout = 5min,
                         closeTimeout = 500ms, leakThreshold = 1h, maxSharedInFlight = 4 }
                }
                """.trimIndent(),
            ),
        )
        settings.connection.database shouldBe db.database
        settings.connection.poolMaxSize shouldBe 3
        settings.connection.poolMinSize shouldBe 1
        settings.connection.poolAcquireTimeout shouldBe java.time.Duration.ofSeconds(2)
        settings.connection.poolMaxLifetime shouldBe null
        settings.connection.poolIdleTimeout shouldBe java.time.Duration.ofMinutes(5)
        settings.poolOptions.closeTimeout shouldBe 500.milliseconds
        settings.poolOptions.leakThreshold shouldBe 3600.seconds
        settings.poolOptions.maxSharedInFlight shouldBe 4
    }

    test("HOCON: an application starts with a pool that answers") {
        testApplication {
            val app = startWith(hocon("databridge { url = \"${db.url}\", pool { maxSize = 3 } }"))
            app.dataBridge.stats().maxSize shouldBe 3
            app.dataBridge.query(rawSql("SELECT 40 + ?::int4 AS n", 2)).single().getInt("n") shouldBe 42
        }
    }

    test("YAML: the same settings are read from application.yaml") {
        val file = Files.createTempFile("databridge", ".yaml")
        try {
            Files.writeString(file, "databridge:\n  url: \"${db.url}\"\n  pool:\n    maxSize: 2\n    acquireTimeout: 1500ms\n")
            val config = YamlConfig(file.toString()) ?: error("the YAML config was not loaded")
            testApplication {
                val app = startWith(config)
                app.dataBridge.stats().maxSize shouldBe 2
                app.dataBridge.query("SELECT 1").rows.single().getInt(0) shouldBe 1
            }
            resolve(config).connection.poolAcquireTimeout shouldBe java.time.Duration.ofMillis(1500)
        } finally {
            Files.delete(file)
        }
    }

    test("the environment overrides the application config, and the install block overrides both") {
        val config = hocon("databridge { url = \"postgresql://nobody@127.0.0.1:1/nowhere\", pool { maxSize = 3, minSize = 1 } }")
        val env = mapOf("DATABASE_URL" to db.url, "DATABRIDGE_POOL_MAX_SIZE" to "7")
        resolve(config, env).connection.let {
            it.database shouldBe db.database
            it.poolMaxSize shouldBe 7
            it.poolMinSize shouldBe 1
        }
        // DATABRIDGE_URL is the more specific variable, so it wins over DATABASE_URL.
        resolve(config, env + ("DATABRIDGE_URL" to "postgresql://u@h/specific")).connection.database shouldBe "specific"
        resolve(config, env) { url = "postgresql://u@h/inblock"; pool { maxSize = 9 } }.connection.let {
            it.database shouldBe "inblock"
            it.poolMaxSize shouldBe 9
        }
        resolve(config, env + ("DATABRIDGE_USER" to "envuser")) { password = "pw" }.connection.let {
            it.user shouldBe "envuser"
            it.password shouldBe "pw"
        }
    }

    test("a URL's pool_* options apply unless a pool setting overrides them") {
        val url = "${db.url}?pool_max_size=5&pool_min_size=2"
        resolve(MapApplicationConfig("databridge.url" to url)).connection.poolMaxSize shouldBe 5
        resolve(MapApplicationConfig("databridge.url" to url, "databridge.pool.maxSize" to "6")).connection.let {
            it.poolMaxSize shouldBe 6
            it.poolMinSize shouldBe 2
        }
    }

    test("a missing url names the key and where to set it") {
        val e = failure(MapApplicationConfig())
        e.key shouldBe "databridge.url"
        e.message shouldBe "databridge.url: missing; set it in the application config, in DATABRIDGE_URL or DATABASE_URL, or in install(DataBridge) { url = … }"
    }

    test("a malformed pool setting names its key, wherever it was given") {
        failure(hocon("databridge { url = \"${db.url}\", pool.maxSize = x }")).message shouldBe
            "databridge.pool.maxSize: expected a positive integer, was \"x\""
        failure(MapApplicationConfig("databridge.url" to db.url), mapOf("DATABRIDGE_POOL_MAX_SIZE" to "0")).message shouldBe
            "DATABRIDGE_POOL_MAX_SIZE: expected a positive integer, was \"0\""
        failure(MapApplicationConfig("databridge.url" to db.url)) { pool { acquireTimeout = Duration.ZERO } }.key shouldBe
            "install(DataBridge) pool.acquireTimeout"
        val duration = failure(MapApplicationConfig("databridge.url" to db.url, "databridge.pool.idleTimeout" to "soon"))
        duration.key shouldBe "databridge.pool.idleTimeout"
        duration.message shouldBe "databridge.pool.idleTimeout: expected a non-negative duration (0 for forever): " +
            "an integer with an optional unit ms, s, min, h or d (seconds without one), was \"soon\""
        failure(MapApplicationConfig("databridge.url" to db.url, "databridge.pool.minSize" to "-1")).key shouldBe "databridge.pool.minSize"
    }

    test("settings that contradict each other name the one the pool refused") {
        val e = failure(MapApplicationConfig("databridge.url" to db.url, "databridge.pool.maxSize" to "2"), mapOf("DATABRIDGE_POOL_MIN_SIZE" to "3"))
        e.key shouldBe "DATABRIDGE_POOL_MIN_SIZE"
        e.message shouldBe "DATABRIDGE_POOL_MIN_SIZE: pool_min_size 3 is greater than pool_max_size 2"
    }

    test("an unknown key under databridge is refused, so a typo is not silently ignored") {
        val e = failure(hocon("databridge { url = \"${db.url}\", pool { maxSzie = 3 } }"))
        e.key shouldBe "databridge.pool.maxSzie"
    }

    test("a list where a value belongs names the key") {
        failure(hocon("databridge { url = [\"a\", \"b\"] }")).key shouldBe "databridge.url"
    }

    test("a bad URL names its source and never shows the password") {
        val e = failure(MapApplicationConfig(), mapOf("DATABASE_URL" to "postgresql://u:sekret@localhost:notaport/db"))
        e.key shouldBe "DATABASE_URL"
        e.message!! shouldNotContain "sekret"
        val block = failure(MapApplicationConfig("databridge.url" to db.url)) { password = "sekret"; pool { maxSize = -1 } }
        block.message!! shouldNotContain "sekret"
    }

    test("a bad setting stops the application from starting") {
        val e = shouldThrow<DataBridgeConfigException> {
            testApplication { startWith(MapApplicationConfig("databridge.pool.maxSize" to "1")) }
        }
        e.key shouldBe "databridge.url"
    }
})
