package io.databridge.dsl.migrate

/**
 * The state of every migration, versioned ones in version order and then repeatable ones by description: what
 * [Migrator.info] returns and what every command decides from.
 */
public class MigrationStatus internal constructor(
    /** Every migration with its state. */
    public val migrations: List<MigrationInfo>,
) {
    /** Migrations applied successfully (and the baseline). */
    public val applied: List<MigrationInfo> get() = inState(MigrationState.APPLIED, MigrationState.BASELINE)

    /** Migrations a run would apply, out-of-order ones included (they run only when enabled). */
    public val pending: List<MigrationInfo>
        get() = inState(MigrationState.PENDING, MigrationState.OUT_OF_ORDER, MigrationState.OUTDATED)

    /** Migrations that failed and block until repair. */
    public val failed: List<MigrationInfo> get() = inState(MigrationState.FAILED)

    /** Pending migrations older than the latest applied one. */
    public val outOfOrder: List<MigrationInfo> get() = inState(MigrationState.OUT_OF_ORDER)

    /** Applied migrations whose file or Kotlin migration is gone. */
    public val missing: List<MigrationInfo> get() = inState(MigrationState.MISSING)

    /** The highest version applied successfully (the baseline and missing ones count), or null. */
    public val currentVersion: MigrationVersion?
        get() = migrations.filter { it.state in CURRENT }
            .mapNotNull { it.version }.maxOrNull()

    /** The migrations to run, in order: pending versioned ones (out-of-order ones when [outOfOrder]), then repeatable ones. */
    internal fun toRun(outOfOrder: Boolean): List<Migration> =
        migrations.filter {
            it.state == MigrationState.PENDING || it.state == MigrationState.OUTDATED ||
                (outOfOrder && it.state == MigrationState.OUT_OF_ORDER)
        }.map { it.migration!! }

    private fun inState(vararg states: MigrationState) = migrations.filter { it.state in states }

    /** A table of version, description, type, state and when applied, one line per migration. */
    override fun toString(): String = buildString {
        append("version | description | type | state | installed on\n")
        for (m in migrations) {
            append(m.version ?: "").append(" | ").append(m.description).append(" | ")
                .append(m.migration?.type ?: m.applied?.type).append(" | ").append(m.state)
                .append(if (m.checksumChanged) " (checksum changed)" else "").append(" | ")
                .append(m.applied?.installedOn ?: "").append('\n')
        }
    }

    internal companion object {
        private val CURRENT = setOf(MigrationState.APPLIED, MigrationState.BASELINE, MigrationState.MISSING)

        /** Merges the [resolved] migrations with the [history] rows into one state per migration; pure. */
        fun merge(resolved: List<Migration>, history: List<AppliedMigration>): MigrationStatus {
            val baseline = history.lastOrNull { it.type == MigrationType.BASELINE && it.success }
            val versionedRows = history.filter { it.version != null && it.type != MigrationType.BASELINE }
                .associateBy { it.version!! }
            val repeatableRows = history.filter { it.type == MigrationType.REPEATABLE }.associateBy { it.description }
            val latest = (versionedRows.values.filter { it.success }.map { it.version!! } + listOfNotNull(baseline?.version)).maxOrNull()

            val versioned = ArrayList<MigrationInfo>()
            baseline?.let { versioned += MigrationInfo(MigrationState.BASELINE, null, it) }
            val resolvedVersions = HashSet<MigrationVersion>()
            for (m in resolved.filter { it.version != null }) {
                val version = m.version!!
                resolvedVersions += version
                val row = versionedRows[version]
                val state = when {
                    row != null -> if (row.success) MigrationState.APPLIED else MigrationState.FAILED
                    baseline != null && version <= baseline.version!! -> MigrationState.BELOW_BASELINE
                    latest != null && version < latest -> MigrationState.OUT_OF_ORDER
                    else -> MigrationState.PENDING
                }
                versioned += MigrationInfo(state, m, row)
            }
            for ((version, row) in versionedRows) {
                if (version !in resolvedVersions) versioned += MigrationInfo(stateOfUnresolved(row), null, row)
            }

            val repeatable = ArrayList<MigrationInfo>()
            val resolvedDescriptions = HashSet<String>()
            for (m in resolved.filter { it.version == null }) {
                resolvedDescriptions += m.description
                val row = repeatableRows[m.description]
                val state = when {
                    row == null -> MigrationState.PENDING
                    !row.success -> MigrationState.FAILED
                    row.checksum == m.checksum -> MigrationState.APPLIED
                    else -> MigrationState.OUTDATED
                }
                repeatable += MigrationInfo(state, m, row)
            }
            for ((description, row) in repeatableRows) {
                if (description !in resolvedDescriptions) repeatable += MigrationInfo(stateOfUnresolved(row), null, row)
            }
            return MigrationStatus(versioned.sortedBy { it.version } + repeatable.sortedBy { it.description })
        }

        private fun stateOfUnresolved(row: AppliedMigration) = if (row.success) MigrationState.MISSING else MigrationState.FAILED
    }
}
