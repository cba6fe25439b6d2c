package io.databridge.ktor

import io.databridge.dsl.migrate.MigrationConfig
import io.databridge.dsl.migrate.MigrationException
import io.ktor.server.config.ApplicationConfig

/** Merges the `migrations { … }` block over `databridge.migrations` of the application config. */
internal object MigrationSettings {
    private const val SECTION = "databridge.migrations"
    private val SCALARS = listOf("table", "schema", "outOfOrder", "baselineOnMigrate", "baselineVersion")

    /** The migration settings' keys, for messages. */
    val keys: List<String> = (listOf("locations") + SCALARS).map { "$SECTION.$it" }

    /** Whether [key] of the application config is one of the migration settings. */
    fun isKnownKey(key: String): Boolean =
        key == "$SECTION.locations" || key.startsWith("$SECTION.locations.") || SCALARS.any { key == "$SECTION.$it" }

    /** The runner's config, or null when no migrations are configured (then nothing runs at start). */
    fun resolve(config: ApplicationConfig, install: DataBridgeMigrationsConfig, classLoader: ClassLoader): MigrationConfig? {
        val locations = install.locations ?: locations(config)
        if (locations == null && install.kotlinMigrations.isEmpty()) return null
        val defaults = MigrationConfig()
        return try {
            MigrationConfig(
                locations = locations ?: emptyList(),
                kotlinMigrations = install.kotlinMigrations,
                table = install.table ?: text(config, "table") ?: defaults.table,
                schema = install.schema ?: text(config, "schema"),
                outOfOrder = install.outOfOrder ?: flag(config, "outOfOrder") ?: defaults.outOfOrder,
                baselineOnMigrate = install.baselineOnMigrate ?: flag(config, "baselineOnMigrate") ?: defaults.baselineOnMigrate,
                baselineVersion = install.baselineVersion ?: text(config, "baselineVersion") ?: defaults.baselineVersion,
                classLoader = classLoader,
            )
        } catch (e: MigrationException) {
            throw DataBridgeConfigException("$SECTION.baselineVersion", "$SECTION.baselineVersion: ${e.message}", e)
        }
    }

    /** The locations as a list, or as one comma-separated value (as environment-substituted config gives them). */
    private fun locations(config: ApplicationConfig): List<String>? {
        val value = config.propertyOrNull("$SECTION.locations") ?: return null
        val list = runCatching { value.getList() }.getOrNull() ?: value.getString().split(',')
        return list.map { it.trim() }.filter { it.isNotEmpty() }
    }

    private fun text(config: ApplicationConfig, key: String): String? = config.propertyOrNull("$SECTION.$key")?.getString()

    private fun flag(config: ApplicationConfig, key: String): Boolean? = text(config, key)?.let {
        it.toBooleanStrictOrNull() ?: throw DataBridgeConfigException("$SECTION.$key", "$SECTION.$key: expected true or false, was \"$it\"")
    }
}
