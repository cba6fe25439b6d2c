package io.databridge.pg.pipeline

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.FieldDescription
import io.databridge.pg.protocol.NoData
import io.databridge.pg.protocol.ParameterDescription
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.RowDescription
import io.databridge.pg.protocol.writeDescribeStatement
import io.databridge.pg.protocol.writeParse
import io.databridge.pg.protocol.writeSync
import kotlinx.coroutines.CompletableDeferred

/** What Describe(S) reported: the parameter types and the result columns (empty for statements without rows). */
internal class StatementDescription(val parameterTypes: IntArray, val fields: List<FieldDescription>)

/** Parse + Describe(S) + Sync: prepares [sql] as [name] ("" = unnamed) and learns its parameter and result types. */
internal class PrepareRequest(private val name: String, private val sql: String) : PendingRequest() {
    val result = CompletableDeferred<StatementDescription>()
    private var parameterTypes = IntArray(0)
    private var fields: List<FieldDescription> = emptyList()
    private var error: PgServerException? = null

    override fun writeTo(out: ByteWriter) {
        out.writeParse(name, sql)
        out.writeDescribeStatement(name)
        out.writeSync()
    }

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is ParameterDescription -> parameterTypes = message.typeOids
            is RowDescription -> fields = message.fields
            NoData -> fields = emptyList()
            is ErrorResponse -> error = PgServerException.fromFields(message.fields)
            is ReadyForQuery -> {
                val failure = error
                if (failure != null) result.completeExceptionally(failure) else result.complete(StatementDescription(parameterTypes, fields))
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
