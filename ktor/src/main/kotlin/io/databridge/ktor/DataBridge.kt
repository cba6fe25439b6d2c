package io.databridge.ktor

import io.databridge.dsl.migrate.Migrator
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationPlugin
import io.ktor.server.application.ApplicationStopped
import io.ktor.server.application.MissingApplicationPluginException
import io.ktor.server.application.createApplicationPlugin
import io.ktor.server.application.hooks.MonitoringEvent
import io.ktor.server.application.install
import io.ktor.server.application.pluginOrNull
import io.ktor.server.http.HttpRequestLifecycle
import io.ktor.util.AttributeKey
import kotlinx.coroutines.runBlocking

internal val RuntimeKey = AttributeKey<DataBridgeRuntime>("DataBridge")

/**
 * The data-bridge plugin: `install(DataBridge) { … }` creates the application's [io.databridge.pg.PgPool] as the
 * application starts and drains and closes it (and the shared listener) on `ApplicationStopped`, once the engine has
 * stopped serving calls, so calls finishing during the shutdown grace period still have their connections.
 *
 * Settings, highest precedence first: the install block ([DataBridgeConfig]); the environment variables
 * `DATABRIDGE_URL` (then the conventional `DATABASE_URL`), `DATABRIDGE_USER`, `DATABRIDGE_PASSWORD` and
 * `DATABRIDGE_POOL_<SETTING>` (`DATABRIDGE_POOL_MAX_SIZE`); the application config's `databridge { url, user, password,
 * pool { maxSize, minSize, acquireTimeout, maxLifetime, idleTimeout, closeTimeout, leakThreshold, maxSharedInFlight } }`
 * (HOCON or YAML); then the URL's own `pool_*` options. Durations read like the URL's: `30s`, `500ms`, `5min`.
 * A missing, malformed or unknown setting stops start-up with a [DataBridgeConfigException] naming it.
 * With `migrations { locations = … }` (or `databridge.migrations.locations`) the migrations are applied first, on a
 * connection of their own, before the pool opens and the application serves; a failure stops the start.
 */
public val DataBridge: ApplicationPlugin<DataBridgeConfig> = createApplicationPlugin("DataBridge", ::DataBridgeConfig) {
    val settings = DataBridgeSettings.resolve(application.environment.config, pluginConfig, application.environment.classLoader)
    // Before the pool exists and before the engine serves: a failing migration fails the start with nothing to close.
    settings.migrations?.let { config ->
        runBlocking { Migrator(settings.connection, config, settings.connectOptions).migrate() }
    }
    val runtime = DataBridgeRuntime(settings)
    application.attributes.put(RuntimeKey, runtime)
    if (pluginConfig.cancelCallsOnDisconnect && application.pluginOrNull(HttpRequestLifecycle) == null) {
        application.install(HttpRequestLifecycle) { cancelCallOnClose = true }
    }
    // Ktor's monitor runs handlers synchronously; blocking here keeps the JVM alive until the pool is closed.
    on(MonitoringEvent(ApplicationStopped)) { runBlocking { runtime.stop() } }
}

internal val Application.dataBridgeRuntime: DataBridgeRuntime
    get() = attributes.getOrNull(RuntimeKey) ?: throw MissingApplicationPluginException(DataBridge.key)
