package io.databridge.pg.pipeline

import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.protocol.BackendMessage
import io.databridge.pg.protocol.ByteWriter
import io.databridge.pg.protocol.ReadyForQuery
import io.databridge.pg.protocol.writeCloseStatement
import io.databridge.pg.protocol.writeSync

/** Close(S) + Sync for a statement evicted from the cache; nobody waits for it, failures only cost a server slot. */
internal class CloseStatementRequest(private val name: String) : PendingRequest() {
    override fun writeTo(out: ByteWriter) {
        out.writeCloseStatement(name)
        out.writeSync()
    }

    override fun handle(message: BackendMessage, driver: ConnectionDriver): Boolean = message is ReadyForQuery

    override fun fail(cause: DataBridgeException) = Unit
}
