package io.databridge.pg.replication

import io.databridge.pg.PgConnection
import io.databridge.pg.errors.DataBridgeException
import io.databridge.pg.errors.ProtocolException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicBoolean

/**
 * One START_REPLICATION on [connection]: socket → frames ([ReplicationStreamRequest], on the loop) → pgoutput decoder
 * and transaction assembler (in the collector) → [Delivery] → [AckTracker] → status updates. The feedback loop runs on
 * its own timer, so a slow or stuck collector still reports its acknowledgements and keeps the walsender from timing
 * the connection out.
 */
internal class ReplicationSession(
    private val connection: PgConnection,
    private val command: String,
    private val options: ReplicationOptions,
    private val tracker: AckTracker,
) {
    private val driver = connection.driver
    private val confinement = connection.confinement
    private val reportScheduled = AtomicBoolean()

    // Acknowledgements can come fast from any thread: at most one report is queued on the loop at a time.
    private fun reportSoon(request: ReplicationStreamRequest) {
        if (!reportScheduled.compareAndSet(false, true)) return
        confinement.execute {
            reportScheduled.set(false)
            request.sendStatus(driver)
        }
    }

    fun deliveries(): Flow<Delivery> = flow {
        val request = withContext(confinement) {
            if (driver.failure != null) throw driver.closedError()
            ReplicationStreamRequest(command, tracker, options.bufferBytes).also(driver::submit)
        }
        var finished = false
        try {
            request.ready.await()
            val decoder = PgOutputDecoder()
            val assembler = TransactionAssembler(connection.context, partSize = options.maxChangesPerDelivery)
            coroutineScope {
                val feedback = launch {
                    while (true) {
                        delay(options.statusInterval)
                        withContext(confinement) { request.sendStatus(driver) }
                    }
                }
                try {
                    while (true) {
                        when (val item = request.frames.receive()) {
                            is ByteArray -> {
                                request.failure?.let {
                                    finished = true
                                    throw it
                                }
                                request.taken(item.size, driver)
                                val event = try {
                                    assembler.accept(decoder.decode(item))
                                } catch (e: ProtocolException) {
                                    // The stream can no longer be followed: nothing after this point can be trusted.
                                    finished = true
                                    connection.close()
                                    throw e
                                } ?: continue
                                emit(Delivery(event, tracker, tracker.track(flushPosition(event))) { reportSoon(request) })
                            }
                            is DataBridgeException -> {
                                finished = true
                                throw item
                            }
                            else -> {
                                finished = true
                                break
                            }
                        }
                    }
                } finally {
                    feedback.cancel()
                }
            }
        } finally {
            if (!finished) withContext(NonCancellable + confinement) { request.stop(driver) }
        }
    }
}

/** What acknowledging [event] lets the server forget: nothing for a transaction's part that more parts follow. */
private fun flushPosition(event: ReplicationEvent): Lsn = if (event is ChangeTransaction && !event.complete) Lsn.ZERO else event.endLsn
