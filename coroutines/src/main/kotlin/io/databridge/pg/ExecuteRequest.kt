package io.databridge.pg

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.CommandComplete
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
import io.databridge.pg.types.CodecContext
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

/** The result of one execution plus the plan of a changed result shape, when the server reported one. */
internal class Execution(val result: QueryResult, val changedPlan: RowPlan?)

/** [Parse] + Bind + [Describe(P)] + Execute + Sync: one execution of a described statement, all rows at once. */
internal class ExecuteRequest(
    private val statement: BoundStatement,
    private val parameters: EncodedParameters,
    private val context: CodecContext,
    private val keepRows: Boolean,
) : PendingRequest() {
    val result = CompletableDeferred<Execution>()

    /** The transaction status the unit ended in (decides whether a stale plan may be retried). */
    var finalStatus: TransactionStatus = TransactionStatus.IDLE
        private set

    private var plan = statement.plan
    private var changedPlan: RowPlan? = null
    private val rows = ArrayList<Row>()
    private var tag = ""
    private var count = -1L
    private var error: PgServerException? = null

    override fun writeTo(out: ByteWriter) {
        statement.writeBind(out, parameters)
        out.writeExecute("", 0)
        out.writeSync()
    }

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is DataRow -> if (keepRows) rows += Row(plan, message, context)
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
            is ReadyForQuery -> {
                finalStatus = message.status
                val failure = error
                if (failure != null) result.completeExceptionally(failure)
                else result.complete(Execution(QueryResult(plan.columns, rows, tag, count), changedPlan))
                return true
            }
            else -> Unit
        }
        return false
    }

    override fun fail(cause: DataBridgeException) {
        result.completeExceptionally(cause)
    }
}
