package io.databridge.pg.pipeline

import io.databridge.pg.QueryResult
import io.databridge.pg.Row
import io.databridge.pg.copy.refuseCopyIn
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.CommandComplete
import io.databridge.pg.protocol.CopyInResponse
import io.databridge.pg.protocol.DataRow
import io.databridge.pg.protocol.EmptyQueryResponse
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.RowDescription
import io.databridge.pg.protocol.TransactionStatus
import io.databridge.pg.protocol.writeBind
import io.databridge.pg.protocol.writeDescribePortal
import io.databridge.pg.protocol.writeExecute
import io.databridge.pg.protocol.writeParse
import io.databridge.pg.protocol.writeSync
import io.databridge.pg.statement.EncodedParameters
import io.databridge.pg.statement.RowPlan
import io.databridge.pg.types.CodecContext
import java.util.Collections
import kotlinx.coroutines.CompletableDeferred

/** How to bind a described statement: by name, or re-parsed as the unnamed statement (statement cache size 0). */
internal class BoundStatement(
    val sql: String,
    val name: String,
    val parameterTypes: IntArray,
    val plan: RowPlan,
) {
    private val reparse: Boolean get() = name.isEmpty()

    /** Writes [Parse] + Bind (+ Describe(P) when re-parsed, to notice a changed result) for the unnamed portal. */
    fun writeBind(out: ByteWriter, parameters: EncodedParameters) {
        if (reparse) out.writeParse("", sql, parameterTypes)
        out.writeBind("", name, parameters.count, parameters, plan.resultFormats)
        if (reparse) out.writeDescribePortal("")
    }
}

/** [Parse] + Bind + [Describe(P)] + Execute + Sync: one execution of a described statement, all rows at once. */
internal class ExecuteRequest(
    private val statement: BoundStatement,
    private val parameters: EncodedParameters,
    private val context: CodecContext,
    private val keepRows: Boolean,
) : PendingRequest() {
    val result = LoopResult<QueryResult>()

    /** The transaction status the unit ended in (decides whether a stale plan may be retried). */
    var finalStatus: TransactionStatus = TransactionStatus.IDLE
        private set

    /** The plan of a changed result shape, when the server reported one; read once [result] is complete. */
    var changedPlan: RowPlan? = null
        private set

    private var plan = statement.plan

    // Most results are one row or none (point selects, RETURNING): the list is made only for a second row.
    private var firstRow: Row? = null
    private var rows: ArrayList<Row>? = null
    private var tag = ""
    private var count = -1L
    private var error: PgServerException? = null
    private var copyRefused: DataBridgeException? = null

    override fun writeTo(out: ByteWriter) {
        statement.writeBind(out, parameters)
        out.writeExecute("", 0)
        out.writeSync()
    }

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is DataRow -> if (keepRows) keep(Row(plan, message, context)) else plan.requireFits(message)
            is CommandComplete -> {
                tag = message.tag
                count = message.rowCount
            }
            is RowDescription -> if (!plan.sameTypes(message.fields)) {
                plan = RowPlan.asSent(message.fields, context.registry)
                changedPlan = RowPlan.choose(message.fields, context.registry)
            }
            EmptyQueryResponse -> tag = ""
            is ErrorResponse -> error = PgServerException.fromFields(message.fields)
            is CopyInResponse -> copyRefused = refuseCopyIn(this, driver)
            is ReadyForQuery -> {
                finalStatus = message.status
                val failure = copyRefused ?: error
                when {
                    failure != null -> result.fail(failure)
                    isRefusedCommit(statement.sql, tag) -> result.fail(commitRefused(COMMIT_STATEMENT_ROLLED_BACK))
                    else -> {
                        val kept = keptRows()
                        if (keepRows) statement.plan.lastRowCount = kept.size
                        result.complete(QueryResult(plan.columns, kept, tag, count))
                    }
                }
                return true
            }
            else -> Unit
        }
        return false
    }

    private fun keep(row: Row) {
        val first = firstRow
        if (first == null) {
            firstRow = row
            return
        }
        val list = rows ?: ArrayList<Row>(statement.plan.lastRowCount.coerceIn(MIN_ROWS_CAPACITY, MAX_ROWS_CAPACITY)).also {
            it += first
            rows = it
        }
        list += row
    }

    private fun keptRows(): List<Row> = rows ?: firstRow?.let(Collections::singletonList) ?: emptyList()

    override fun fail(cause: DataBridgeException) {
        result.fail(cause)
    }
}

private const val MIN_ROWS_CAPACITY = 10

// A statement that once returned millions of rows should not make every later result start that big.
private const val MAX_ROWS_CAPACITY = 1 shl 16
