package io.databridge.ktor

import io.databridge.pg.PgConnection
import io.databridge.pg.PgListener
import io.databridge.pg.PgPool
import io.databridge.pg.errors.ConnectionClosedException
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/** What the plugin owns for one application: the pool, and the LISTEN connection once someone needs it. */
internal class DataBridgeRuntime(private val settings: DataBridgeSettings) {
    val pool: PgPool = PgPool.create(settings.connection, settings.poolOptions)

    private val listenerLock = Mutex()

    @Volatile
    private var listener: PgListener? = null

    @Volatile
    private var stopped = false

    /** The shared listener, connected on first use. */
    suspend fun listener(): PgListener {
        listener?.let { return it }
        val opened = listenerLock.withLock {
            if (stopped) throw stoppedError()
            listener ?: PgListener.open(settings.listenerSettings) { PgConnection.connect(settings.connection, settings.connectOptions) }
                .also { listener = it }
        }
        // stop() may have run while the connection was being opened, before it could see this listener.
        if (stopped) {
            opened.close()
            throw stoppedError()
        }
        return opened
    }

    /** Closes the listener, then drains and closes the pool. */
    suspend fun stop() {
        stopped = true
        listener?.close()
        pool.closeGracefully()
    }

    private fun stoppedError() = ConnectionClosedException("the application has stopped; its DataBridge listener is closed")
}
