package io.databridge.pg.pipeline

import io.databridge.pg.Row
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.CommandComplete
import io.databridge.pg.protocol.DataRow
import io.databridge.pg.protocol.EmptyQueryResponse
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.PortalSuspended
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.RowDescription
import io.databridge.pg.protocol.writeExecute
import io.databridge.pg.protocol.writeFlush
import io.databridge.pg.protocol.writeSync
import io.databridge.pg.statement.EncodedParameters
import io.databridge.pg.statement.RowPlan
import io.databridge.pg.types.CodecContext
import kotlinx.coroutines.channels.Channel

/**
 * A result streamed through the unnamed portal [fetchSize] rows at a time: Bind + Execute(n) + Flush, Sync at the end.
 * Until its Sync is written the request owns the connection: later requests are held back, since they could not be
 * written between the batches.
 *
 * Rows travel to the collector a batch at a time (one channel operation per batch, not per row), and the next batch
 * is asked for as soon as the collector takes one ([taken]), so the server produces batch k+1 while the collector
 * works through batch k. At most two batches are held: the one being collected and the one queued or on its way.
 * The channel carries `List<Row>` batches, then [END] or the failure.
 */
internal class StreamRequest(
    private val statement: BoundStatement,
    private val parameters: EncodedParameters,
    private val fetchSize: Int,
    private val context: CodecContext,
) : PendingRequest() {
    val items = Channel<Any>(Channel.UNLIMITED)
    private var plan = statement.plan
    private var syncSent = false
    private var error: PgServerException? = null
    private var batch = ArrayList<Row>(initialBatchCapacity())

    override val holdsConnection: Boolean get() = !syncSent

    override fun writeTo(out: ByteWriter) {
        statement.writeBind(out, parameters)
        out.writeExecute("", fetchSize)
        out.writeFlush()
    }

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is DataRow -> if (!abandoned) batch.add(Row(plan, message, context)) else plan.requireFits(message)
            is RowDescription -> if (!plan.sameTypes(message.fields)) plan = RowPlan.asSent(message.fields, context.registry)
            PortalSuspended -> if (abandoned) sync(driver) else deliverBatch()
            is CommandComplete, EmptyQueryResponse -> {
                deliverBatch()
                sync(driver)
            }
            is ErrorResponse -> {
                error = PgServerException.fromFields(message.fields)
                sync(driver)
            }
            is ReadyForQuery -> {
                items.trySend(error ?: END)
                return true
            }
            else -> Unit
        }
        return false
    }

    /** The collector took a batch: ask for the next one while it works through this one. Loop thread only. */
    fun taken(driver: ConnectionDriver) {
        if (syncSent) return
        driver.send {
            writeExecute("", fetchSize)
            writeFlush()
        }
    }

    /** The collector stopped early: end the portal; rows still arriving are dropped. Loop thread only. */
    fun stop(driver: ConnectionDriver) {
        abandoned = true
        sync(driver)
    }

    override fun fail(cause: DataBridgeException) {
        syncSent = true
        items.trySend(cause)
    }

    private fun sync(driver: ConnectionDriver) {
        if (syncSent) return
        syncSent = true
        driver.send { writeSync() }
        driver.release(this)
    }

    private fun deliverBatch() {
        if (abandoned || batch.isEmpty()) return
        items.trySend(batch)
        batch = ArrayList(initialBatchCapacity())
    }

    // A huge fetch size must not allocate its whole array up front for a result that may hold a few rows.
    private fun initialBatchCapacity(): Int = minOf(fetchSize, 1024)

    companion object {
        /** The stream ended normally. */
        val END = Any()
    }
}
