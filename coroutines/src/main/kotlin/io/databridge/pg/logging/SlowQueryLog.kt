package io.databridge.pg.logging

import io.databridge.pg.observe.PgInstrumentation
import io.databridge.pg.observe.PgOperation
import io.databridge.pg.observe.PgOperationKind
import io.databridge.pg.observe.PgOperationObserver
import io.databridge.pg.observe.PgOperationResult
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * Logs operations that took at least [thresholdNanos] at WARN on `io.databridge.pg.slowquery`: kind, duration,
 * server, outcome and the statement text. Bound values are logged only with [logParameterValues]; without it,
 * simple-protocol text is logged with its literals replaced by `?`. Only created when [Slf4jPresence.available].
 */
internal class SlowQueryLog(private val thresholdNanos: Long, private val logParameterValues: Boolean) : PgInstrumentation {
    override fun start(operation: PgOperation): PgOperationObserver = object : PgOperationObserver {
        override fun end(result: PgOperationResult) {
            // A transaction block's time is mostly the application's own work between its statements.
            if (result.durationNanos < thresholdNanos || operation.kind == PgOperationKind.TRANSACTION) return
            if (!logger.isWarnEnabled) return
            val text = if (logParameterValues) operation.sql else operation.sanitizedSql
            val values = operation.parameterValues
            val parameters = if (logParameterValues && !values.isNullOrEmpty()) " parameters: " + render(values) else ""
            logger.warn(
                "slow {} took {} ms on {} ({}): {}{}",
                operation.kind, result.durationNanos / 1_000_000, operation.server, result.outcome, text, parameters,
            )
        }
    }

    private fun render(values: List<Any?>): String = values.joinToString(", ", "[", "]") { value ->
        when (value) {
            null -> "NULL"
            is ByteArray -> "<${value.size} bytes>"
            is String -> "'$value'"
            else -> value.toString()
        }
    }

    private companion object {
        val logger: Logger = LoggerFactory.getLogger("io.databridge.pg.slowquery")
    }
}
