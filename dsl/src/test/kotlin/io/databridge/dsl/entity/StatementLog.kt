package io.databridge.dsl.entity

import io.databridge.embedded.SharedPostgres
import io.databridge.pg.ConnectOptions
import io.databridge.pg.PgConnection
import io.databridge.pg.observe.PgInstrumentation
import io.databridge.pg.observe.PgOperation
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.observe.PgOperationObserver
import io.databridge.pg.observe.PgOperationResult
import java.util.concurrent.ConcurrentLinkedQueue

/** Records the statements and COPYs (not BEGIN/COMMIT or scripts) the engine runs, through its instrumentation hook. */
class StatementLog : PgInstrumentation {
    private val seen = ConcurrentLinkedQueue<PgOperation>()

    override fun start(operation: PgOperation): PgOperationObserver {
        if (operation.kind in COUNTED) seen += operation
        return IGNORE
    }

    /** The statements run while [block] ran. */
    suspend fun during(block: suspend () -> Unit): List<PgOperation> {
        seen.clear()
        block()
        return seen.toList()
    }

    private companion object {
        val COUNTED = setOf(PgOperationKind.QUERY, PgOperationKind.EXECUTE, PgOperationKind.BATCH, PgOperationKind.STREAM, PgOperationKind.COPY_IN)
        val IGNORE = object : PgOperationObserver {
            override fun end(result: PgOperationResult) {}
        }
    }
}

/** A connection to the shared test server that reports to [log], with the entity schema freshly created. */
suspend fun entityConnection(log: StatementLog): PgConnection {
    val connection = PgConnection.connect(SharedPostgres.server.url(), ConnectOptions(instrumentations = listOf(log)))
    connection.simpleQuery(ENTITY_DDL)
    return connection
}
