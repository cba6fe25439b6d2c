package io.databridge.dsl.migrate

/** A parsed [MigrateMain] command line; malformed ones are an [IllegalArgumentException] saying what is wrong. */
internal class MigrateCommandLine(val name: String, val url: String, val config: MigrationConfig, val dryRun: Boolean) {
    override fun toString(): String = "MigrateCommandLine($name, dryRun=$dryRun)"

    companion object {
        private val COMMANDS = setOf("migrate", "info", "validate", "baseline", "repair")
        private val VALUED = setOf("--url", "--locations", "--table", "--schema", "--baseline-version")
        private val FLAGS = setOf("--out-of-order", "--baseline-on-migrate", "--dry-run")

        fun parse(args: Array<String>, environment: Map<String, String>): MigrateCommandLine {
            val name = args.firstOrNull() ?: throw IllegalArgumentException("no command given")
            require(name in COMMANDS) { "unknown command \"$name\"; expected one of ${COMMANDS.joinToString(", ")}" }
            val values = HashMap<String, String>()
            val flags = HashSet<String>()
            var i = 1
            while (i < args.size) {
                val (key, inline) = args[i].split('=', limit = 2).let { it[0] to it.getOrNull(1) }
                when (key) {
                    in FLAGS -> {
                        require(inline == null) { "$key takes no value" }
                        flags += key
                    }
                    in VALUED -> values[key] = inline ?: args.getOrNull(++i) ?: throw IllegalArgumentException("$key needs a value")
                    else -> throw IllegalArgumentException("unknown option \"$key\"")
                }
                i++
            }
            require("--dry-run" !in flags || name == "migrate") { "--dry-run works with migrate only" }
            val url = values["--url"] ?: environment["DATABRIDGE_URL"]?.takeIf { it.isNotBlank() }
                ?: environment["DATABASE_URL"]?.takeIf { it.isNotBlank() }
                ?: throw IllegalArgumentException("no database: give --url, or set DATABRIDGE_URL or DATABASE_URL")
            val defaults = MigrationConfig()
            val config = try {
                MigrationConfig(
                    locations = values["--locations"]?.split(',')?.map { it.trim() }?.filter { it.isNotEmpty() } ?: defaults.locations,
                    table = values["--table"] ?: defaults.table,
                    schema = values["--schema"],
                    outOfOrder = "--out-of-order" in flags,
                    baselineOnMigrate = "--baseline-on-migrate" in flags,
                    baselineVersion = values["--baseline-version"] ?: defaults.baselineVersion,
                )
            } catch (e: MigrationSourceException) {
                throw IllegalArgumentException("--baseline-version: ${e.message}", e)
            }
            return MigrateCommandLine(name, url, config, "--dry-run" in flags)
        }
    }
}
