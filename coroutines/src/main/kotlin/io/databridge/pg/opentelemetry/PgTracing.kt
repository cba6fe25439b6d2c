package io.databridge.pg.opentelemetry

import io.databridge.pg.errors.ServerDiagnostics
import io.databridge.pg.observe.PgInstrumentation
import io.databridge.pg.observe.PgOperation
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.observe.PgOperationObserver
import io.databridge.pg.observe.PgOperationResult
import io.databridge.pg.observe.PgOutcome
import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.api.trace.Tracer
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import kotlin.coroutines.CoroutineContext

/**
 * OpenTelemetry tracing as a [PgInstrumentation] (register it in [io.databridge.pg.ConnectOptions.instrumentations]):
 * one CLIENT span per query, statement, batch, stream, script, COPY and transaction, following the database
 * semantic conventions. The span is named `<db.operation.name> <db.namespace>` (e.g. `SELECT orders`) and carries
 * `db.system.name` (and the older `db.system`) = `postgresql`, `db.namespace`, `db.operation.name`, `db.query.text`
 * (simple-protocol text with its literals replaced by `?`), `db.operation.batch.size`, `server.address`,
 * `server.port`, and on failure `db.response.status_code` (the SQLSTATE), `error.type` and an error status.
 *
 * The parent of a span is the OpenTelemetry context current where the call is made. In coroutines carry your span
 * with `opentelemetry-extension-kotlin`'s `asContextElement()` so it survives dispatcher switches; the statements
 * of a `transaction { }` block become children of the transaction's span the same way.
 */
public class PgTracing(private val tracer: Tracer) : PgInstrumentation {
    /** Tracing with the `io.databridge.pg` tracer of [openTelemetry]. */
    public constructor(openTelemetry: OpenTelemetry) : this(openTelemetry.getTracer(INSTRUMENTATION_SCOPE))

    override fun start(operation: PgOperation): PgOperationObserver {
        val parent = Context.current()
        val server = operation.server
        val builder = tracer.spanBuilder(operation.operationName + " " + server.database)
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(DB_SYSTEM_NAME, POSTGRESQL)
            .setAttribute(DB_SYSTEM, POSTGRESQL)
            .setAttribute(DB_NAMESPACE, server.database)
            .setAttribute(DB_OPERATION_NAME, operation.operationName)
            .setAttribute(DB_QUERY_TEXT, operation.sanitizedSql)
            .setAttribute(SERVER_ADDRESS, server.address)
        server.port?.let { builder.setAttribute(SERVER_PORT, it.toLong()) }
        if (operation.kind == PgOperationKind.BATCH && operation.batchSize > 1) {
            builder.setAttribute(DB_OPERATION_BATCH_SIZE, operation.batchSize.toLong())
        }
        return SpanObserver(builder.startSpan(), parent)
    }

    private class SpanObserver(private val span: Span, private val parent: Context) : PgOperationObserver {
        override val nestedContext: CoroutineContext get() = parent.with(span).asContextElement()

        override fun end(result: PgOperationResult) {
            val error = result.error
            if (result.outcome == PgOutcome.ERROR && error != null) {
                val sqlState = result.sqlState
                if (sqlState != null) span.setAttribute(DB_RESPONSE_STATUS_CODE, sqlState)
                span.setAttribute(ERROR_TYPE, sqlState ?: error.javaClass.name)
                // The primary message only: details of server errors can quote the values of a row.
                span.setStatus(StatusCode.ERROR, (error as? ServerDiagnostics)?.primaryMessage ?: error.javaClass.simpleName)
            } else if (result.rowCount >= 0) {
                span.setAttribute(DB_RESPONSE_RETURNED_ROWS, result.rowCount)
            }
            span.end()
        }
    }

    private companion object {
        const val INSTRUMENTATION_SCOPE = "io.databridge.pg"
        const val POSTGRESQL = "postgresql"
        val DB_SYSTEM_NAME: AttributeKey<String> = AttributeKey.stringKey("db.system.name")
        val DB_SYSTEM: AttributeKey<String> = AttributeKey.stringKey("db.system")
        val DB_NAMESPACE: AttributeKey<String> = AttributeKey.stringKey("db.namespace")
        val DB_OPERATION_NAME: AttributeKey<String> = AttributeKey.stringKey("db.operation.name")
        val DB_QUERY_TEXT: AttributeKey<String> = AttributeKey.stringKey("db.query.text")
        val DB_OPERATION_BATCH_SIZE: AttributeKey<Long> = AttributeKey.longKey("db.operation.batch.size")
        val DB_RESPONSE_STATUS_CODE: AttributeKey<String> = AttributeKey.stringKey("db.response.status_code")
        val DB_RESPONSE_RETURNED_ROWS: AttributeKey<Long> = AttributeKey.longKey("db.response.returned_rows")
        val SERVER_ADDRESS: AttributeKey<String> = AttributeKey.stringKey("server.address")
        val SERVER_PORT: AttributeKey<Long> = AttributeKey.longKey("server.port")
        val ERROR_TYPE: AttributeKey<String> = AttributeKey.stringKey("error.type")
    }
}
