package io.databridge.dsl.migrate

/** Validation: what in a [MigrationStatus] forbids running anything. Pure; [Migrator.validate] and every run use it. */
internal object ValidateCommand {
    /** The problems of [status]; out-of-order pending migrations are one only when [outOfOrder] is off. */
    fun problems(status: MigrationStatus, outOfOrder: Boolean): List<ValidationProblem> = status.migrations.mapNotNull { m ->
        when {
            m.state == MigrationState.FAILED -> ValidationProblem(
                ValidationIssue.FAILED, m.script, m.location,
                "${m.location} failed on ${m.applied!!.installedOn} (history row ${m.applied.installedRank}); " +
                    "fix it, then run repair() to remove the failed row before migrating again",
            )
            m.state == MigrationState.MISSING -> ValidationProblem(
                ValidationIssue.MISSING, m.script, m.location,
                "${m.script} was applied (history row ${m.applied!!.installedRank}) but is missing from the migration locations",
            )
            m.checksumChanged -> ValidationProblem(
                ValidationIssue.CHECKSUM_MISMATCH, m.script, m.location,
                "${m.location} was changed after it was applied: checksum ${m.migration!!.checksum} differs from the " +
                    "applied ${m.applied!!.checksum}; revert the edit, or run repair() to accept the file as it is now",
            )
            m.state == MigrationState.OUT_OF_ORDER && !outOfOrder -> ValidationProblem(
                ValidationIssue.OUT_OF_ORDER, m.script, m.location,
                "${m.location} (version ${m.version}) is pending but older than the latest applied version " +
                    "${status.currentVersion}; give it a newer version, or enable outOfOrder to apply it",
            )
            else -> null
        }
    }

    /** Throws [MigrationValidationException] when [status] has problems. */
    fun check(status: MigrationStatus, outOfOrder: Boolean) {
        val problems = problems(status, outOfOrder)
        if (problems.isNotEmpty()) throw MigrationValidationException(problems)
    }
}
