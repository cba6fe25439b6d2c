package io.databridge.dsl.migrate

import java.io.PrintStream
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking

/**
 * The runner as a program, for a build step or a container entry point:
 * `java -cp … io.databridge.dsl.migrate.MigrateMain migrate --url postgresql://… --locations classpath:db/migration`.
 * See [USAGE] for the commands, options and exit codes.
 */
public object MigrateMain {
    /** Everything went well. */
    public const val EXIT_OK: Int = 0

    /** A migration failed (it is recorded; fix it and run `repair`). */
    public const val EXIT_MIGRATION_FAILED: Int = 1

    /** Validation failed; nothing ran. */
    public const val EXIT_VALIDATION_FAILED: Int = 2

    /** Any other failure: no connection, the lock timed out, a bad file, a refused baseline. */
    public const val EXIT_ERROR: Int = 3

    /** The command line was wrong (as sysexits' EX_USAGE). */
    public const val EXIT_USAGE: Int = 64

    /** The help text. */
    public val USAGE: String = """
        usage: MigrateMain <migrate|info|validate|baseline|repair> [options]
          --url URL               postgresql:// URI or key=value string (default: DATABRIDGE_URL, then DATABASE_URL)
          --locations L1,L2       migration locations (default ${MigrationConfig.DEFAULT_LOCATION})
          --table NAME            history table (default ${MigrationConfig.DEFAULT_TABLE})
          --schema NAME           history table schema (default: the connection's current schema)
          --out-of-order          apply pending migrations older than the latest applied one
          --baseline-on-migrate   adopt a schema that has tables but no history
          --baseline-version V    version that baseline (and baseline-on-migrate) records (default 1)
          --dry-run               with migrate: print the SQL that would run, run nothing
        exit codes: 0 ok, 1 a migration failed, 2 validation failed, 3 other error, 64 wrong command line
    """.trimIndent()

    /** Runs the command line [args] and exits the JVM with its exit code. */
    @JvmStatic
    public fun main(args: Array<String>) {
        exitProcess(run(args))
    }

    /**
     * Runs the command line [args], printing results to [out] and errors to [err], reading the URL's fallback from
     * [environment]; returns the exit code. The database URL is never printed.
     */
    @JvmStatic
    @JvmOverloads
    public fun run(
        args: Array<String>,
        out: PrintStream = System.out,
        err: PrintStream = System.err,
        environment: Map<String, String> = System.getenv(),
    ): Int {
        val command = try {
            MigrateCommandLine.parse(args, environment)
        } catch (e: IllegalArgumentException) {
            err.println("error: ${e.message}")
            err.println(USAGE)
            return EXIT_USAGE
        }
        return try {
            runBlocking { execute(command, out) }
            EXIT_OK
        } catch (e: MigrationValidationException) {
            err.println(e.message)
            EXIT_VALIDATION_FAILED
        } catch (e: MigrationFailedException) {
            err.println(e.message)
            EXIT_MIGRATION_FAILED
        } catch (e: Exception) {
            err.println("error: ${e.message}")
            EXIT_ERROR
        }
    }

    private suspend fun execute(command: MigrateCommandLine, out: PrintStream) {
        val migrator = Migrator(command.url, command.config)
        when (command.name) {
            "migrate" -> if (command.dryRun) {
                out.print(migrator.dryRun().sql)
            } else {
                val result = migrator.migrate()
                out.println("applied ${result.applied.size} migration(s); current version ${result.currentVersion ?: "none"}")
            }
            "info" -> out.print(migrator.info())
            "validate" -> {
                migrator.validate()
                out.println("validation passed")
            }
            "baseline" -> out.println("baseline recorded at version ${migrator.baseline().version}")
            "repair" -> {
                val result = migrator.repair()
                out.println("removed ${result.removedFailed.size} failed row(s); realigned ${result.realigned.size} checksum(s)")
            }
        }
    }
}
