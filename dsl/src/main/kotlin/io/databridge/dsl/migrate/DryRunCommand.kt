package io.databridge.dsl.migrate

import java.time.OffsetDateTime

/** The dry run: what `migrate` would do now, found by reading only (no lock, no table created, nothing run). */
internal class DryRunCommand(private val run: MigrationRun) {
    suspend fun plan(): DryRunPlan {
        val rows = run.appliedRows()
        val baseline = if (run.config.baselineOnMigrate && rows.isEmpty() && run.schemaHasTables()) {
            MigrationVersion.parse(run.config.baselineVersion)
        } else {
            null
        }
        val status = MigrationStatus.merge(run.resolved, rows + listOfNotNull(baseline?.let(::baselineRow)))
        ValidateCommand.check(status, run.config.outOfOrder)
        return DryRunPlan(run.history.name, !run.history.exists(run.connection), baseline, status.toRun(run.config.outOfOrder))
    }

    private fun baselineRow(version: MigrationVersion) =
        AppliedMigration(1, version, "<< Baseline >>", MigrationType.BASELINE, "<< Baseline >>", null, "", OffsetDateTime.MIN, 0, true)
}

/** What [Migrator.migrate] would do now; [sql] is the script to show or review. */
public data class DryRunPlan(
    /** The history table, `schema.table`. */
    val historyTable: String,
    /** Whether the run would create the history table. */
    val createsHistoryTable: Boolean,
    /** The version the run would first record as baseline (baseline-on-migrate), or null. */
    val baseline: MigrationVersion?,
    /** The migrations it would apply, in order. */
    val migrations: List<Migration>,
) {
    /** The statements [migration] would run (empty for Kotlin migrations, whose statements are known only when run). */
    public fun statements(migration: Migration): List<String> = when (val body = migration.body) {
        is MigrationBody.Sql -> body.script.statements.map { it.sql }
        is MigrationBody.Code -> emptyList()
    }

    /** The whole run as a SQL script with comments: transactions, statements, and where history rows are written. */
    public val sql: String
        get() = buildString {
            append("-- data-bridge dry run: ").append(migrations.size).append(" migration(s) to apply; history table ")
                .append(historyTable).append('\n')
            if (createsHistoryTable) append("-- creates the history table ").append(historyTable).append('\n')
            baseline?.let { append("-- records a baseline at version ").append(it).append('\n') }
            for (m in migrations) {
                append("\n-- ").append(m.location).append(if (m.transactional) "" else " (outside a transaction)").append('\n')
                if (m.body is MigrationBody.Code) {
                    append("-- a Kotlin migration: its statements are known only when it runs\n")
                    continue
                }
                if (m.transactional) append("BEGIN;\n")
                for (statement in statements(m)) append(statement).append(";\n")
                append("-- records ").append(m.script).append(" in ").append(historyTable).append('\n')
                if (m.transactional) append("COMMIT;\n")
            }
        }
}
