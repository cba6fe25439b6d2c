package io.databridge.ktor

import com.typesafe.config.ConfigFactory
import io.databridge.embedded.TestDatabase
import io.databridge.pg.PgConnection
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.config.ApplicationConfig
import io.ktor.server.config.HoconApplicationConfig
import io.ktor.server.config.MapApplicationConfig
import io.ktor.server.testing.ApplicationTestBuilder

/** An application config parsed from HOCON text. */
fun hocon(text: String): ApplicationConfig = HoconApplicationConfig(ConfigFactory.parseString(text))

/** The config of a test application whose plugin connects to [db] as [applicationName] (to find its backends). */
fun configFor(db: TestDatabase, applicationName: String, vararg extra: Pair<String, String>): ApplicationConfig =
    MapApplicationConfig("databridge.url" to "${db.url}?application_name=$applicationName", *extra)

/**
 * Starts a test application on [config] with the plugin installed with no environment variables (the build's own
 * `DATABASE_URL` must not leak in), then [routes]; returns the application.
 */
suspend fun ApplicationTestBuilder.startWith(
    config: ApplicationConfig,
    configure: DataBridgeConfig.() -> Unit = {},
    routes: Application.() -> Unit = {},
): Application {
    environment { this.config = config }
    lateinit var app: Application
    application {
        install(DataBridge) {
            environment = emptyMap()
            configure()
        }
        routes()
        app = this
    }
    startApplication()
    return app
}

/** The backends connected to [db]'s server under [applicationName], counted from a separate connection. */
suspend fun backends(db: TestDatabase, applicationName: String): Long =
    PgConnection.connect(db.url).use { c ->
        c.query("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = $1", applicationName)
            .rows.single().getLong(0)
    }
