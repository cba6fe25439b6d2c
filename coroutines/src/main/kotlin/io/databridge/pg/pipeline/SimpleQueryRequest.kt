package io.databridge.pg.pipeline

import io.databridge.pg.QueryResult
import io.databridge.pg.Row
import io.databridge.pg.errors.CommitOutcomeUnknownException
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.CommandComplete
import io.databridge.pg.protocol.CopyData
import io.databridge.pg.protocol.CopyDone
import io.databridge.pg.protocol.CopyInResponse
import io.databridge.pg.protocol.CopyOutResponse
import io.databridge.pg.protocol.DataRow
import io.databridge.pg.protocol.EmptyQueryResponse
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.RowDescription
import io.databridge.pg.protocol.writeCopyFail
import io.databridge.pg.protocol.writeQuery
import io.databridge.pg.statement.RowPlan
import io.databridge.pg.types.CodecContext
import kotlinx.coroutines.CompletableDeferred

/**
 * A simple Query: one script, possibly several statements, text results, one result per statement. A [commit] (the
 * COMMIT of a transaction block) lost with the connection once written fails with [CommitOutcomeUnknownException].
 */
internal class SimpleQueryRequest(
    private val sql: String,
    private val context: CodecContext,
    private val commit: Boolean = false,
) : PendingRequest() {
    val result = CompletableDeferred<List<QueryResult>>()
    private val results = ArrayList<QueryResult>()
    private var plan = RowPlan.EMPTY
    private var rows = ArrayList<Row>()
    private var error: PgServerException? = null

    override fun writeTo(out: ByteWriter) = out.writeQuery(sql)

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is RowDescription -> {
                plan = RowPlan.asSent(message.fields, context.registry)
                rows = ArrayList()
            }
            is DataRow -> rows += Row(plan, message, context)
            is CommandComplete -> finish(message.tag, message.rowCount)
            EmptyQueryResponse -> finish("", -1)
            is ErrorResponse -> error = PgServerException.fromFields(message.fields)
            // COPY needs its own API; refuse it here so the server leaves the COPY state instead of waiting.
            is CopyInResponse -> driver.send { writeCopyFail("COPY FROM STDIN is not supported by simpleQuery") }
            is CopyOutResponse, is CopyData, CopyDone -> Unit
            is ReadyForQuery -> {
                val failure = error
                when {
                    failure != null -> result.completeExceptionally(failure)
                    results.size == 1 && isRefusedCommit(sql, results[0].commandTag) ->
                        result.completeExceptionally(commitRefused(COMMIT_STATEMENT_ROLLED_BACK))
                    else -> result.complete(results)
                }
                return true
            }
            else -> Unit
        }
        return false
    }

    override fun fail(cause: DataBridgeException) {
        result.completeExceptionally(if (commit && written) commitOutcomeUnknown(cause) else cause)
    }

    private fun finish(tag: String, count: Long) {
        results += QueryResult(plan.columns, rows, tag, count)
        plan = RowPlan.EMPTY
        rows = ArrayList()
    }
}
