package io.databridge.pg.observe

import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext

/** The instrumentations of one connection; connections without any hold null instead, so calls cost nothing. */
internal class Instruments(private val instrumentations: List<PgInstrumentation>, private val server: PgServerInfo) {
    fun start(kind: PgOperationKind, sql: String, parameterValues: List<Any?>?, batchSize: Int = 1): ActiveOperation {
        val operation = PgOperation(kind, sql, server, batchSize, parameterValues)
        val observers = arrayOfNulls<PgOperationObserver>(instrumentations.size)
        for (index in instrumentations.indices) {
            observers[index] = InstrumentationFailures.guard(null) { instrumentations[index].start(operation) }
        }
        return ActiveOperation(observers, System.nanoTime())
    }

    companion object {
        /** Null when there is nothing to call, which is what keeps uninstrumented calls free of work. */
        fun of(instrumentations: List<PgInstrumentation>, server: PgServerInfo): Instruments? =
            if (instrumentations.isEmpty()) null else Instruments(instrumentations.toList(), server)
    }
}

/** One started operation: its observers and its start time. */
internal class ActiveOperation(private val observers: Array<PgOperationObserver?>, private val startNanos: Long) {
    /** The context the operations nested in this one run under, contributed by every observer. */
    val nestedContext: CoroutineContext
        get() = observers.fold(EmptyCoroutineContext as CoroutineContext) { context, observer ->
            if (observer == null) context else context + InstrumentationFailures.guard(EmptyCoroutineContext) { observer.nestedContext }
        }

    fun succeed(rowCount: Long) = end(rowCount, null)

    fun fail(error: Throwable) = end(-1, error)

    private fun end(rowCount: Long, error: Throwable?) {
        val result = PgOperationResult(System.nanoTime() - startNanos, rowCount, error)
        for (observer in observers) if (observer != null) InstrumentationFailures.guard(Unit) { observer.end(result) }
    }
}

/** Runs [block] as one [kind] operation when this connection is instrumented; [rows] counts its rows from its result. */
internal inline fun <T> Instruments?.observe(
    kind: PgOperationKind,
    sql: String,
    parameterValues: List<Any?>?,
    batchSize: Int = 1,
    rows: (T) -> Long,
    block: () -> T,
): T {
    val instruments = this ?: return block()
    val operation = instruments.start(kind, sql, parameterValues, batchSize)
    val result = try {
        block()
    } catch (e: Throwable) {
        operation.fail(e)
        throw e
    }
    operation.succeed(rows(result))
    return result
}

/** [source] observed as one [kind] operation per collection when this connection is instrumented. */
internal fun <T> Instruments?.observe(
    kind: PgOperationKind,
    sql: String,
    parameterValues: List<Any?>?,
    countsRows: Boolean,
    source: Flow<T>,
): Flow<T> {
    val instruments = this ?: return source
    return flow {
        val operation = instruments.start(kind, sql, parameterValues)
        var rows = 0L
        try {
            source.collect {
                rows++
                emit(it)
            }
        } catch (e: Throwable) {
            operation.fail(e)
            throw e
        }
        operation.succeed(if (countsRows) rows else -1)
    }
}

/**
 * Runs [block] as a [PgOperationKind.TRANSACTION] (reported with the text [beginSql] gives) whose statements run
 * under the observers' nested context.
 */
internal suspend inline fun <T> Instruments?.observeTransaction(beginSql: () -> String, crossinline block: suspend () -> T): T {
    val instruments = this ?: return block()
    val operation = instruments.start(PgOperationKind.TRANSACTION, beginSql(), null)
    val result = try {
        val nested = operation.nestedContext
        if (nested === EmptyCoroutineContext) block() else withContext(nested) { block() }
    } catch (e: Throwable) {
        operation.fail(e)
        throw e
    }
    operation.succeed(-1)
    return result
}
