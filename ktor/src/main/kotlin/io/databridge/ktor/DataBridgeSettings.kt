package io.databridge.ktor

import io.databridge.dsl.migrate.MigrationConfig
import io.databridge.pg.ConnectOptions
import io.databridge.pg.ListenerSettings
import io.databridge.pg.PgPoolOptions
import io.databridge.pg.config.ConnectionConfig
import io.databridge.pg.config.InvalidConfigException
import io.ktor.server.config.ApplicationConfig
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/** Everything the plugin needs, resolved from the application config, the environment and the install block. */
internal class DataBridgeSettings(
    val connection: ConnectionConfig,
    val poolOptions: PgPoolOptions,
    val connectOptions: ConnectOptions,
    val listenerSettings: ListenerSettings,
    /** The migrations to apply at start, or null for none. */
    val migrations: MigrationConfig?,
) {
    internal companion object {
        const val SECTION = "databridge"
        private const val INSTALL = "install(DataBridge)"
        private val TOP_LEVEL = listOf("url", "user", "password")

        /**
         * Merges the settings, highest precedence first: the install block, the environment (`DATABRIDGE_URL`, then
         * `DATABASE_URL`; `DATABRIDGE_USER`, `DATABRIDGE_PASSWORD`, `DATABRIDGE_POOL_*`), the application config.
         */
        fun resolve(
            config: ApplicationConfig,
            install: DataBridgeConfig,
            classLoader: ClassLoader = DataBridgeSettings::class.java.classLoader,
        ): DataBridgeSettings {
            checkKnownKeys(config)
            val env = install.environment
            val url = pick(
                install.url to "$INSTALL url",
                env["DATABRIDGE_URL"] to "DATABRIDGE_URL",
                env["DATABASE_URL"] to "DATABASE_URL",
                config.text("$SECTION.url") to "$SECTION.url",
            ) ?: throw DataBridgeConfigException(
                "$SECTION.url",
                "$SECTION.url: missing; set it in the application config, in DATABRIDGE_URL or DATABASE_URL, or in $INSTALL { url = … }",
            )
            val user = pick(install.user to "", env["DATABRIDGE_USER"] to "", config.text("$SECTION.user") to "")
            val password = pick(install.password to "", env["DATABRIDGE_PASSWORD"] to "", config.text("$SECTION.password") to "")
            val (pool, poolSources) = poolSettings(config, install)

            val connection = try {
                val builder = ConnectionConfig.builder(env).parse(url.first)
                user?.let { builder.user(it.first) }
                password?.let { builder.password(it.first) }
                pool.maxSize?.let(builder::poolMaxSize)
                pool.minSize?.let(builder::poolMinSize)
                pool.acquireTimeout?.let { builder.poolAcquireTimeout(it.toJavaDuration()) }
                pool.maxLifetime?.let { builder.poolMaxLifetime(it.orForever()) }
                pool.idleTimeout?.let { builder.poolIdleTimeout(it.orForever()) }
                builder.build()
            } catch (e: InvalidConfigException) {
                val key = poolSources[e.key] ?: url.second
                throw DataBridgeConfigException(key, "$key: ${e.message}", e)
            }
            val defaults = PgPoolOptions()
            val poolOptions = PgPoolOptions(
                connect = install.connectOptions,
                closeTimeout = pool.closeTimeout ?: defaults.closeTimeout,
                leakThreshold = pool.leakThreshold?.takeIf { it.isPositive() } ?: defaults.leakThreshold,
                maxSharedInFlight = pool.maxSharedInFlight ?: defaults.maxSharedInFlight,
            )
            val migrations = MigrationSettings.resolve(config, install.migrations, classLoader)
            return DataBridgeSettings(connection, poolOptions, install.connectOptions, install.listenerSettings, migrations)
        }

        /** The pool settings merged, and for each connection-string key (`pool_min_size`) where its value came from. */
        private fun poolSettings(config: ApplicationConfig, install: DataBridgeConfig): Pair<DataBridgePoolConfig, Map<String, String>> {
            val merged = DataBridgePoolConfig()
            val sources = HashMap<String, String>()
            for (setting in PoolSetting.all) {
                val fileKey = "$SECTION.pool.${setting.name}"
                var source: String? = null
                config.text(fileKey)?.let { setting.read(fileKey, it, merged); source = fileKey }
                install.environment[setting.environmentVariable]?.takeIf { it.isNotBlank() }?.let {
                    setting.read(setting.environmentVariable, it, merged)
                    source = setting.environmentVariable
                }
                val installKey = "$INSTALL pool.${setting.name}"
                setting.override(installKey, install.pool, merged)
                if (setting.isSetIn(install.pool)) source = installKey
                source?.let { sources[setting.connectionStringKey] = it }
            }
            return merged to sources
        }

        /** Every key the plugin reads from the application config, in the order docs/ktor.md lists them. */
        val knownKeys: List<String> =
            TOP_LEVEL.map { "$SECTION.$it" } + PoolSetting.all.map { "$SECTION.pool.${it.name}" } + MigrationSettings.keys

        /** Refuses keys under `databridge` that the plugin does not know, so a misspelt setting is not ignored. */
        private fun checkKnownKeys(config: ApplicationConfig) {
            val unknown = config.keys()
                .filter { it.startsWith("$SECTION.") && it !in knownKeys && !MigrationSettings.isKnownKey(it) }.sorted()
            if (unknown.isNotEmpty()) {
                throw DataBridgeConfigException(
                    unknown.first(),
                    "${unknown.first()}: unknown setting; the known ones are ${knownKeys.joinToString(", ")}",
                )
            }
        }

        /** The first value that is set and not blank, with its label. */
        private fun pick(vararg candidates: Pair<String?, String>): Pair<String, String>? =
            candidates.firstOrNull { !it.first.isNullOrBlank() }?.let { it.first!! to it.second }

        private fun ApplicationConfig.text(key: String): String? {
            val value = propertyOrNull(key) ?: return null
            return try {
                value.getString()
            } catch (e: Exception) {
                // A list or an object where a single value belongs; the value itself is not shown (it may be a secret).
                throw DataBridgeConfigException(key, "$key: expected a single value, not a list or an object", e)
            }
        }

        private fun Duration.orForever(): java.time.Duration? = takeIf { it.isPositive() && it.isFinite() }?.toJavaDuration()
    }
}
