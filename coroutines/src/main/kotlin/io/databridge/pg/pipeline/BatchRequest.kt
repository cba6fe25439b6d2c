package io.databridge.pg.pipeline

import io.databridge.pg.copy.refuseCopyIn
import io.databridge.pg.copy.unsupportedCopyIn
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.PgServerException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.CommandComplete
import io.databridge.pg.protocol.CopyInResponse
import io.databridge.pg.protocol.ErrorResponse
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.writeSync
import io.databridge.pg.statement.EncodedBatch
import kotlinx.coroutines.CompletableDeferred

/** Many Bind + Execute of one statement followed by a single Sync: a batch in one round trip, atomic as one unit. */
internal class BatchRequest(private val batch: EncodedBatch) : PendingRequest() {
    val result = CompletableDeferred<LongArray>()
    private val counts = LongArray(batch.sets)
    private var done = 0
    private var error: PgServerException? = null
    private var copyRefused: DataBridgeException? = null

    override fun writeTo(out: ByteWriter) {
        batch.writeTo(out)
        out.writeSync()
    }

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean {
        when (message) {
            is CommandComplete -> if (done < counts.size) counts[done++] = message.rowCount
            is ErrorResponse -> error = PgServerException.fromFields(message.fields)
            // Before the last Execute, the Binds already written behind it reach the server inside the COPY, which
            // ends the session: close it first, with the typed error.
            is CopyInResponse -> copyRefused = if (done == counts.size - 1) refuseCopyIn(this, driver) else throw unsupportedCopyIn()
            is ReadyForQuery -> {
                val failure = copyRefused ?: error
                if (failure != null) result.completeExceptionally(failure) else result.complete(counts)
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
