package io.databridge.dsl.migrate

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.future.future

/**
 * The migration runner for Java: each command of [Migrator] as a [CompletableFuture]. Failures complete the future
 * exceptionally with the typed exception ([MigrationValidationException], [MigrationFailedException], …) as the
 * cause of the `CompletionException`.
 */
public class FutureMigrator(
    /** The Kotlin runner the commands run on. */
    public val migrator: Migrator,
) {
    /** A runner that connects with a `postgresql://` URI or `key=value` string, see [Migrator]. */
    public constructor(url: String, config: MigrationConfig) : this(Migrator(url, config))

    /** See [Migrator.migrate]. */
    public fun migrate(): CompletableFuture<MigrateResult> = call { migrator.migrate() }

    /** See [Migrator.validate]; completes with null when valid. */
    public fun validate(): CompletableFuture<Void?> = call { migrator.validate(); null }

    /** See [Migrator.info]. */
    public fun info(): CompletableFuture<MigrationStatus> = call { migrator.info() }

    /** See [Migrator.baseline]; records the config's baseline version. */
    public fun baseline(): CompletableFuture<AppliedMigration> = call { migrator.baseline() }

    /** See [Migrator.baseline]. */
    public fun baseline(version: String): CompletableFuture<AppliedMigration> = call { migrator.baseline(version) }

    /** See [Migrator.repair]. */
    public fun repair(): CompletableFuture<RepairResult> = call { migrator.repair() }

    /** See [Migrator.dryRun]. */
    public fun dryRun(): CompletableFuture<DryRunPlan> = call { migrator.dryRun() }

    override fun toString(): String = "Future$migrator"

    private fun <T> call(block: suspend CoroutineScope.() -> T): CompletableFuture<T> = scope.future(block = block)

    private companion object {
        // Dispatchers.Default, not an event loop: Java callbacks chained on the futures must never block a loop thread.
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    }
}
