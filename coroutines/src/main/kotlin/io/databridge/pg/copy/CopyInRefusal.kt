package io.databridge.pg.copy

import io.databridge.pg.errors.CopyNotSupportedException
import io.databridge.pg.pipeline.ConnectionDriver
import io.databridge.pg.pipeline.PendingRequest
import io.databridge.pg.protocol.writeCopyFail
import io.databridge.pg.protocol.writeSync

/**
 * Answers a CopyInResponse that arrived for an extended-protocol [request] (`COPY … FROM STDIN` through query or
 * execute), which would otherwise wait forever for data it has no way to send. Returns the caller's error.
 */
internal fun refuseCopyIn(request: PendingRequest, driver: ConnectionDriver): CopyNotSupportedException {
    val error = unsupportedCopyIn()
    // Requests written behind this one would reach the server inside the COPY and lose their answers: close instead.
    if (!driver.isOnlyInFlight(request)) throw error
    // In copy-in mode the server ignored the request's Sync; after CopyFail it skips to the next Sync, so send one.
    driver.send {
        writeCopyFail("the client cannot send COPY data for this statement")
        writeSync()
    }
    return error
}

/** The caller's error for `COPY … FROM STDIN` run through query, execute or a batch. */
internal fun unsupportedCopyIn(): CopyNotSupportedException =
    CopyNotSupportedException("COPY FROM STDIN cannot run through query, execute or executeBatch: use PgConnection.copyIn")
