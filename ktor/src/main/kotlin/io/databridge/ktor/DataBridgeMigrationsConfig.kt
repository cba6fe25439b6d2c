package io.databridge.ktor

import io.databridge.dsl.migrate.Migration

/**
 * The `migrations { … }` block of `install(DataBridge)`: when it names [locations] or [kotlinMigrations] (or the
 * application config has `databridge.migrations.locations`), the plugin applies the migrations while the application
 * starts, before it serves requests, and a failing migration stops the start. A setting left null here comes from
 * `databridge.migrations { locations, table, schema, outOfOrder, baselineOnMigrate, baselineVersion }` in the
 * application config, else from [io.databridge.dsl.migrate.MigrationConfig]'s defaults.
 */
public class DataBridgeMigrationsConfig {
    /** Flyway-style locations, e.g. `listOf("classpath:db/migration")`. */
    public var locations: List<String>? = null

    /** Migrations written in Kotlin. */
    public var kotlinMigrations: List<Migration> = emptyList()

    /** The history table's name. */
    public var table: String? = null

    /** The history table's schema. */
    public var schema: String? = null

    /** Whether pending migrations older than the latest applied one are applied instead of refused. */
    public var outOfOrder: Boolean? = null

    /** Whether a schema with tables but no history is first baselined. */
    public var baselineOnMigrate: Boolean? = null

    /** The version baseline-on-migrate records. */
    public var baselineVersion: String? = null
}
