package io.databridge.dsl.migrate

import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes

/**
 * What the runner applies and how. In Kotlin set what differs by name (`MigrationConfig(outOfOrder = true)`); from
 * Java use [builder].
 */
public data class MigrationConfig(
    /** Flyway-style locations: `classpath:db/migration` (the default), `filesystem:/srv/migrations`. */
    val locations: List<String> = listOf(DEFAULT_LOCATION),
    /** Migrations written in Kotlin, see [Migration.kotlin]. */
    val kotlinMigrations: List<Migration> = emptyList(),
    /** The history table's name. */
    val table: String = DEFAULT_TABLE,
    /** The history table's schema (created when missing); null for the connection's `current_schema()`. */
    val schema: String? = null,
    /** Whether a run against a schema that has tables but no history first records a baseline at [baselineVersion]. */
    val baselineOnMigrate: Boolean = false,
    /** The version [baselineOnMigrate] and [Migrator.baseline] without an argument record. */
    val baselineVersion: String = "1",
    /** Whether pending migrations older than the latest applied one are applied instead of refused. */
    val outOfOrder: Boolean = false,
    /** The role name recorded as `installed_by`; null records the connection's `current_user`. */
    val installedBy: String? = null,
    /** How long a runner waits for another runner's lock before failing with [MigrationLockException]. */
    val lockTimeout: Duration = 10.minutes,
    /** How often a waiting runner tries the lock again. */
    val lockRetryInterval: Duration = 100.milliseconds,
    /** The class loader `classpath:` locations are read from; null for the thread's context class loader. */
    val classLoader: ClassLoader? = null,
) {
    init {
        MigrationVersion.parse(baselineVersion)
        require(lockRetryInterval.isPositive()) { "lockRetryInterval must be positive, was $lockRetryInterval" }
    }

    /** Every source: one per location, then the Kotlin migrations. */
    internal fun sources(): List<MigrationSource> =
        locations.map { MigrationSource.of(it, classLoader) } + MigrationSource.of(*kotlinMigrations.toTypedArray())

    /** Defaults and the Java builder. */
    public companion object {
        /** The default location, as in Flyway. */
        public const val DEFAULT_LOCATION: String = "classpath:db/migration"

        /** The default history table name. */
        public const val DEFAULT_TABLE: String = "databridge_schema_history"

        /** A builder for Java callers. */
        @JvmStatic
        public fun builder(): MigrationConfigBuilder = MigrationConfigBuilder()
    }
}

/** Builds a [MigrationConfig] step by step (for Java); every setting defaults as in [MigrationConfig]. */
public class MigrationConfigBuilder internal constructor() {
    private var config = MigrationConfig()

    /** Sets the locations. */
    public fun locations(vararg locations: String): MigrationConfigBuilder = apply { config = config.copy(locations = locations.toList()) }

    /** Adds Kotlin migrations. */
    public fun kotlinMigrations(vararg migrations: Migration): MigrationConfigBuilder =
        apply { config = config.copy(kotlinMigrations = config.kotlinMigrations + migrations) }

    /** Sets the history table name. */
    public fun table(table: String): MigrationConfigBuilder = apply { config = config.copy(table = table) }

    /** Sets the history table's schema. */
    public fun schema(schema: String?): MigrationConfigBuilder = apply { config = config.copy(schema = schema) }

    /** Enables or disables baseline-on-migrate. */
    public fun baselineOnMigrate(enabled: Boolean): MigrationConfigBuilder = apply { config = config.copy(baselineOnMigrate = enabled) }

    /** Sets the baseline version. */
    public fun baselineVersion(version: String): MigrationConfigBuilder = apply { config = config.copy(baselineVersion = version) }

    /** Enables or disables out-of-order runs. */
    public fun outOfOrder(enabled: Boolean): MigrationConfigBuilder = apply { config = config.copy(outOfOrder = enabled) }

    /** Sets the recorded `installed_by`. */
    public fun installedBy(role: String?): MigrationConfigBuilder = apply { config = config.copy(installedBy = role) }

    /** Sets how long to wait for another runner's lock. */
    public fun lockTimeout(timeout: java.time.Duration): MigrationConfigBuilder =
        apply { config = config.copy(lockTimeout = timeout.toMillis().milliseconds) }

    /** Sets the class loader for `classpath:` locations. */
    public fun classLoader(loader: ClassLoader?): MigrationConfigBuilder = apply { config = config.copy(classLoader = loader) }

    /** The config. */
    public fun build(): MigrationConfig = config
}
