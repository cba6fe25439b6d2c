package io.databridge.dsl.migrate

import io.databridge.pg.PgConnection
import io.databridge.pg.PgSession
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.transaction
import kotlin.time.TimeSource
import kotlinx.coroutines.CancellationException

/**
 * Applies one migration on the runner's connection and writes its history row. A transactional migration and its
 * row commit together; a non-transactional one runs statement by statement, then its row is written. A failure is
 * recorded (`success = false`, in a transaction of its own) and rethrown as [MigrationFailedException].
 */
internal class MigrationStep(
    private val connection: PgConnection,
    private val history: HistoryTable,
    private val installedBy: String?,
) {
    suspend fun apply(migration: Migration) {
        val started = TimeSource.Monotonic.markNow()
        try {
            if (migration.transactional) {
                connection.transaction { tx ->
                    run(migration, tx)
                    history.insert(tx, row(migration, started, success = true))
                }
            } else {
                run(migration, connection)
                history.insert(connection, row(migration, started, success = true))
            }
        } catch (cancelled: CancellationException) {
            throw cancelled
        } catch (failure: Exception) {
            val located = failure as? StatementFailure
            val cause = located?.cause ?: failure
            val error = MigrationFailedException(migration.script, migration.location, located?.line, migration.transactional, cause)
            try {
                connection.transaction { tx -> history.insert(tx, row(migration, started, success = false)) }
            } catch (recordFailure: Exception) {
                error.addSuppressed(recordFailure)
            }
            throw error
        }
    }

    private suspend fun run(migration: Migration, session: PgSession) {
        when (val body = migration.body) {
            is MigrationBody.Code -> body.block(session)
            // Statements go through the simple protocol on the runner's connection (inside the transaction when there
            // is one): migration DDL has no parameters and must not fill the prepared-statement cache.
            is MigrationBody.Sql -> for (statement in body.script.statements) {
                try {
                    connection.simpleQuery(statement.sql)
                } catch (e: PgServerException) {
                    throw StatementFailure(statement.lineOf(e.position), e)
                }
            }
        }
    }

    private fun row(migration: Migration, started: TimeSource.Monotonic.ValueTimeMark, success: Boolean) = NewHistoryRow(
        migration.version, migration.description, migration.type, migration.script, migration.checksum, installedBy,
        started.elapsedNow().inWholeMilliseconds.toInt(), success,
    )

    /** A statement of a SQL migration failed at [line] of its file. */
    private class StatementFailure(val line: Int, override val cause: PgServerException) : Exception(cause.message, cause)
}
