package io.databridge.pg.micrometer

import io.databridge.pg.observe.PgInstrumentation
import io.databridge.pg.observe.PgOperation
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.observe.PgOperationObserver
import io.databridge.pg.observe.PgOperationResult
import io.databridge.pg.observe.PgOutcome
import io.micrometer.core.instrument.Counter
import io.micrometer.core.instrument.MeterRegistry
import io.micrometer.core.instrument.Tag
import io.micrometer.core.instrument.Tags
import io.micrometer.core.instrument.Timer
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * Query metrics as a [PgInstrumentation] (register it in [io.databridge.pg.ConnectOptions.instrumentations]):
 * - Timer `databridge.query` tagged `operation` (the [PgOperationKind] in lower case: `query`, `execute`, `batch`,
 *   `stream`, `simple_query`, `transaction`, `begin`, `commit`, `rollback`, `copy_in`, `copy_out`) and `outcome`
 *   (`success`, `error`, `cancelled`);
 * - Counter `databridge.query.errors` tagged `sqlstate.class`: the first two characters of the server's SQLSTATE
 *   (`23` integrity violations, `40` transaction rollbacks, …) or `none` for client-side failures (timeouts,
 *   broken connections). Cancellations are not errors.
 *
 * Every meter also carries [tags] (e.g. `pool=orders`). Meters are created on first use and then reused.
 */
public class PgQueryMetrics(
    private val registry: MeterRegistry,
    tags: Iterable<Tag> = emptyList(),
) : PgInstrumentation {
    private val tags = Tags.of(tags)
    private val timers = AtomicReferenceArray<Timer>(PgOperationKind.entries.size * PgOutcome.entries.size)
    private val errorCounters = ConcurrentHashMap<String, Counter>()

    override fun start(operation: PgOperation): PgOperationObserver {
        val kind = operation.kind
        return object : PgOperationObserver {
            override fun end(result: PgOperationResult) {
                val outcome = result.outcome
                timer(kind, outcome).record(result.durationNanos, TimeUnit.NANOSECONDS)
                if (outcome == PgOutcome.ERROR) errorCounter(result.sqlState?.take(2) ?: NO_SQLSTATE).increment()
            }
        }
    }

    private fun timer(kind: PgOperationKind, outcome: PgOutcome): Timer {
        val slot = kind.ordinal * PgOutcome.entries.size + outcome.ordinal
        timers.get(slot)?.let { return it }
        val timer = Timer.builder(QUERY_TIMER)
            .description("Time of data-bridge operations, from the call to the last row")
            .tags(tags)
            .tag("operation", kind.name.lowercase())
            .tag("outcome", outcome.name.lowercase())
            .register(registry)
        timers.set(slot, timer)
        return timer
    }

    private fun errorCounter(sqlStateClass: String): Counter = errorCounters.computeIfAbsent(sqlStateClass) {
        Counter.builder(ERROR_COUNTER)
            .description("Failed data-bridge operations by SQLSTATE class")
            .tags(tags)
            .tag("sqlstate.class", it)
            .register(registry)
    }

    private companion object {
        const val QUERY_TIMER = "databridge.query"
        const val ERROR_COUNTER = "databridge.query.errors"
        const val NO_SQLSTATE = "none"
    }
}
