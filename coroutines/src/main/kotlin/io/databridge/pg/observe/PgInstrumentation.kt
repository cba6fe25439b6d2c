package io.databridge.pg.observe

import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * Observes every operation of the connections it is registered with (through
 * [io.databridge.pg.ConnectOptions.instrumentations], also for pools via [io.databridge.pg.PgPoolOptions.connect]).
 * [start] runs on the calling coroutine before the engine switches to its event loop, so thread-local state of the
 * caller (a tracing context) is current there. Exceptions thrown by an instrumentation or its observer are logged
 * and otherwise ignored: they never fail the operation.
 */
public fun interface PgInstrumentation {
    /** Called when [operation] starts; the returned observer hears how it ended. */
    public fun start(operation: PgOperation): PgOperationObserver
}

/** Follows one operation from its start to its [end]. */
public interface PgOperationObserver {
    /**
     * Context elements the operations nested in this one run under (the statements of a
     * [PgOperationKind.TRANSACTION]), e.g. a tracing context that makes them children of this operation.
     */
    public val nestedContext: CoroutineContext get() = EmptyCoroutineContext

    /** Called once when the operation ended, on whatever thread ended it. */
    public fun end(result: PgOperationResult)
}
