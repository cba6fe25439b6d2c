package io.databridge.examples

import io.databridge.dsl.migrate.MigrationConfig
import io.databridge.dsl.migrate.Migrator

/** Versioned SQL migrations from the classpath, applied once under an advisory lock, as a service does at start-up. */
internal suspend fun migrationTour(url: String): List<Pair<String, Boolean>> {
    val migrator = Migrator(url, MigrationConfig(locations = listOf("classpath:db/migration")))
    val plan = migrator.dryRun()
    val result = migrator.migrate()
    println("Dry run: would apply ${plan.migrations.map { it.script }}")
    println("Migrated to version ${result.currentVersion}: applied ${result.applied.map { it.script }}")
    val again = migrator.migrate()
    println("A second run applies ${again.applied.size} migration(s): each runs once")
    return listOf("migrations" to (result.applied.size == 3 && again.applied.isEmpty()))
}
